import { enSpan } from '../helpers/spoken-dates.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireBooking } from '../../src/bookings/booking-decisions.js';
import { nowMs, testClock } from '../../src/time/clock.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { ALL_DAY, requestBooking, seedOrganizer, seedVenue } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker } from '../helpers/node-processes.js';

const prefix = uniquePrefix('expiry');
beforeAll(requireRedis);
afterAll(() => deletePrefix(prefix));

/** A request starting in two seconds: left alone, it expires at its start. */
function soon() {
  const start = DateTime.fromMillis(nowMs(), { zone: 'Asia/Shanghai' }).plus({ seconds: 2 });
  return { start: start.toISO()!, end: start.plus({ hours: 1 }).toISO()! };
}

async function leaveAloneUntilExpired(extra: Record<string, string>) {
  const sink = await startSmtpSink();
  const t = await startTestApp({ SMTP_URL: sink.url, ...extra });
  const worker = t.app.jobs.kind === 'bullmq' ? await startWorker({ REDIS_URL, REDIS_PREFIX: extra.REDIS_PREFIX, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET }) : undefined;
  try {
    const { venue, manager } = await seedVenue(t.app, { openingHours: ALL_DAY });
    const organizer = seedOrganizer(t.app);
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...soon() })).json();
    expect(booking.status).toBe('pending');
    // Inline, the delayed job follows the app's clock: move it past the start instead of waiting.
    if (t.app.jobs.kind === 'inline') testClock.advance(3_000);

    const subject = /^Venue request expired without a decision/;
    const toOrganizer = await waitFor(() => sink.mailTo(organizer.member.email).find((m) => subject.test(m.subject ?? '')), 'organizer told', 20_000);
    const toManager = await waitFor(() => sink.mailTo(manager.member.email).find((m) => subject.test(m.subject ?? '')), 'manager told', 20_000);
    // The request named by its time as people write it (no ids).
    expect(toOrganizer.text).toContain(`• ${enSpan(booking.start, booking.end)}`);
    expect(toManager.text).toContain(`• ${enSpan(booking.start, booking.end)}`);
    const after = (await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}`, headers: organizer.auth })).json();
    expect(after).toMatchObject({ status: 'expired', version: 2 });

    // Expiry is idempotent: running it again changes and sends nothing.
    expect(expireBooking(t.app.deps, booking.id)).toBe(false);
    const history = (await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}/history`, headers: manager.auth })).json().items;
    expect(history.map((e: { action: string; via: string }) => `${e.action}/${e.via}`)).toEqual(['requested/api', 'expired/system']);
    const approve = await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: manager.auth, payload: {} });
    expect(approve.json()).toMatchObject({ status: 409, rule: 'not-pending', currentStatus: 'expired' });
  } finally {
    testClock.reset();
    await worker?.stop();
    await t.close();
    await sink.close();
  }
}

describe('a pending request left alone expires, and both sides are told', () => {
  it('with inline jobs', () => leaveAloneUntilExpired({}), 60_000);

  it('expires a request whose time passed while the service was down, once it starts again', async () => {
    const first = await startTestApp();
    const { venue } = await seedVenue(first.app, { openingHours: ALL_DAY });
    const organizer = seedOrganizer(first.app);
    const booking = (await requestBooking(first.app, organizer.auth, { venueId: venue.id, ...soon() })).json();
    await first.app.close(); // the in-memory delayed job dies with the process
    testClock.advance(3_000); // its start passes while the service is down

    const { buildApp } = await import('../../src/app.js');
    const second = await buildApp({ config: first.config });
    await second.ready();
    try {
      await waitFor(async () => (await second.inject({ method: 'GET', url: `/v1/bookings/${booking.id}`, headers: organizer.auth })).json().status === 'expired', 'expired after restart');
    } finally {
      testClock.reset();
      await second.close();
      await first.close().catch(() => {});
    }
  });
  it('with BullMQ: a delayed job in the API process, mail through a worker', () => leaveAloneUntilExpired({ REDIS_URL, REDIS_PREFIX: prefix }), 80_000);
});

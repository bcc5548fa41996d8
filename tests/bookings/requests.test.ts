import { enSpan } from '../helpers/spoken-dates.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, emails } from '../../src/db/schema.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

let t: TestApp;
let venue: Awaited<ReturnType<typeof seedVenue>>['venue'];
let organizer: ReturnType<typeof seedOrganizer>;
beforeAll(async () => {
  t = await startTestApp();
  ({ venue } = await seedVenue(t.app, { capacity: 40, openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '21:00' }]])) }));
  organizer = seedOrganizer(t.app);
});
afterAll(() => t.close());

const counts = () => ({ bookings: t.app.db.select().from(bookings).all().length, emails: t.app.db.select().from(emails).all().length });

async function refused(body: Record<string, unknown>) {
  const before = counts();
  const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...body });
  expect(counts()).toEqual(before); // nothing half-written
  return res;
}

describe('booking requests', () => {
  it('files a pending request, rendered in the venue’s zone, and mails the park’s managers', async () => {
    const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '14:00', '16:00') });
    expect(res.statusCode).toBe(201);
    const booking = res.json();
    expect(booking).toMatchObject({ status: 'pending', version: 1, timezone: 'Asia/Shanghai', organizationId: organizer.organization.id, seriesId: null });
    expect(booking.start).toMatch(/T14:00:00\+08:00$/);
    // Expires after BOOKING_PENDING_DAYS (7) or at its start, whichever is first: here the start.
    expect(new Date(booking.expiresAt).getTime()).toBe(DateTime.fromISO(booking.start).toMillis());
    const mails = t.app.db.select().from(emails).all().filter((m) => m.kind === 'booking-request');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('/booking-links/');
  });

  it('expires a request far ahead after BOOKING_PENDING_DAYS rather than at its start', async () => {
    const before = Date.now();
    const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(20, '14:00', '16:00') });
    const expiresAt = new Date(res.json().expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * 24 * 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3600_000);
  });

  it('accepts any offset and stores the same instant', async () => {
    const local = slot(6, '10:00', '11:00');
    const utcStart = DateTime.fromISO(local.start).toUTC().toISO()!;
    const utcEnd = DateTime.fromISO(local.end).toUTC().toISO()!;
    const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, start: utcStart, end: utcEnd });
    expect(res.statusCode).toBe(201);
    expect(res.json().start).toBe(local.start);
  });

  it.each([
    ['end not after start', () => ({ start: slot(5, '15:00', '14:00').start, end: slot(5, '15:00', '14:00').end }), 400, 'end', 'end-after-start'],
    ['start in the past', () => slot(-1, '10:00', '11:00'), 400, 'start', 'in-future'],
    ['a ten-year range', () => ({ start: slot(5, '10:00', '11:00').start, end: slot(3655, '10:00', '11:00').end }), 400, 'end', 'max-duration'],
    ['a start years ahead', () => slot(800, '10:00', '11:00'), 400, 'start', 'max-advance'],
    ['outside opening hours', () => slot(5, '20:00', '22:00'), 400, 'start', 'opening-hours'],
  ])('refuses %s, naming the field and the rule', async (_name, times, status, field, rule) => {
    const res = await refused(times());
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ field, rule });
  });

  it('refuses times without an offset', async () => {
    const res = await refused({ start: '2030-01-01T10:00:00', end: '2030-01-01T11:00:00' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'start', detail: expect.stringContaining('date-time') });
  });

  it('refuses malformed times', async () => {
    const res = await refused({ start: 'next tuesday', end: '2030-01-01T11:00:00+08:00' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('start');
  });

  it('refuses more people than the venue holds', async () => {
    const res = await refused({ ...slot(5, '10:00', '11:00'), expectedAttendance: 41 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'expectedAttendance', rule: 'capacity' });
  });

  it('answers 404 for an unknown venue', async () => {
    const res = await requestBooking(t.app, organizer.auth, { venueId: 987654, ...slot(5, '10:00', '11:00') });
    expect(res.statusCode).toBe(404);
  });

  it('refuses park managers filing requests (organizers and coordinators do)', async () => {
    const { manager } = await seedVenue(t.app);
    const res = await requestBooking(t.app, manager.auth, { venueId: venue.id, ...slot(5, '10:00', '11:00') });
    expect(res.statusCode).toBe(403);
  });

  it('files a weekly recurrence as one request per week under one series id, at the same local time', async () => {
    const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(8, '19:00', '20:30'), recurrence: { count: 4 } });
    expect(res.statusCode).toBe(201);
    const { occurrences, seriesId } = res.json();
    expect(seriesId).toEqual(expect.any(String));
    expect(occurrences).toHaveLength(4);
    expect(occurrences.map((o: { start: string }) => o.start.slice(11))).toEqual(Array(4).fill('19:00:00+08:00'));
    const days = occurrences.map((o: { start: string }) => DateTime.fromISO(o.start));
    expect(days[3].diff(days[0], 'days').days).toBe(21);
    // One mail for the whole series.
    const mails = t.app.db.select().from(emails).all().filter((m) => m.kind === 'booking-request' && m.text.includes(enSpan(occurrences[3].start, occurrences[3].end)));
    expect(mails).toHaveLength(1);
  });

  it('refuses a recurrence when any week breaks a rule, naming the occurrence, and writes nothing', async () => {
    const { venue: hall, manager } = await seedVenue(t.app);
    const third = slot(15, '10:00', '11:00');
    await t.app.inject({ method: 'POST', url: `/v1/venues/${hall.id}/blackouts`, headers: manager.auth, payload: { start: third.start, end: third.end, reason: 'Park anniversary' } });
    const before = counts();
    const res = await requestBooking(t.app, organizer.auth, { venueId: hall.id, ...slot(1, '10:00', '11:00'), recurrence: { count: 3 } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ rule: 'blackout', detail: expect.stringContaining('occurrence 3 of 3') });
    expect(counts()).toEqual(before);
  });

  it('refuses more than 52 weeks', async () => {
    const res = await refused({ ...slot(5, '10:00', '11:00'), recurrence: { count: 53 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('recurrence.count');
  });
});

import { reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import jsqr from 'jsqr';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { settle } from '../helpers/settle.js';
import { seedMember, seedMemberIn, startTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const jsQR = jsqr.default;
let t: Awaited<ReturnType<typeof startTestAppWithMail>>;

/** Monday 08:00 in Shanghai a week from now; the reservations are on Tuesday. */
const MONDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 }).set({ hour: 8 });
const TUESDAY = MONDAY.plus({ days: 1 }).toISODate()!;

beforeAll(async () => {
  testClock.set(MONDAY.toMillis());
  t = await startTestAppWithMail();
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

const call = (auth: Record<string, string>, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

function qrOf(png: Buffer): string {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)!.data;
}

describe('at the counter', () => {
  it('reminds the day before, checks in by the mailed QR, marks served; who did not come is a no-show', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const centre = (await call(coordinator.auth, 'POST', '/v1/service-centres', { name: 'Centre A', openingHours: { tue: [{ open: '09:00', close: '12:00' }] } })).json();
    await call(coordinator.auth, 'POST', '/v1/service-categories', { code: 'tax', name: { en: 'Tax' } });
    const service = (await call(coordinator.auth, 'POST', '/v1/services', { code: 'invoice', categoryCode: 'tax', name: { en: 'Invoices' }, durationMinutes: 30, seatsPerSlot: 3, centreIds: [centre.id] })).json();
    const staff = seedMemberIn(t.app, coordinator.organization, 'service_staff');
    const stranger = seedMemberIn(t.app, coordinator.organization, 'service_staff');
    expect((await call(coordinator.auth, 'PUT', `/v1/service-centres/${centre.id}/staff/${staff.member.id}`)).statusCode).toBe(204);
    const organizer = seedMember(t.app, 'organizer');
    expect((await call(coordinator.auth, 'PUT', `/v1/service-centres/${centre.id}/staff/${organizer.member.id}`)).statusCode).toBe(409);

    const reserve = (email: string, time: string) => reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start: `${TUESDAY}T${time}:00+08:00`, name: email.split('@')[0], email, language: 'en' });
    const came = (await reserve('came@example.org', '09:00')).json();
    const missed = (await reserve('missed@example.org', '09:30')).json();
    const confirmation = await waitFor(() => t.sink.mailTo('came@example.org').find((m) => m.subject?.startsWith('Reservation')), 'the confirmation');

    // A day before (GREEN_CHANNEL_REMINDER_BEFORE, 24 h): the reminder, once.
    testClock.advance(60 * 60_000 + 60_000);
    await settle(t.app);
    await waitFor(() => t.sink.mailTo('came@example.org').some((m) => m.subject === `Tomorrow: Invoices (${came.number})`), 'the reminder');

    // Tuesday 09:05: the staff scans the mailed QR.
    testClock.set(DateTime.fromISO(`${TUESDAY}T09:05:00+08:00`).toMillis());
    const scanned = qrOf(confirmation.attachments.find((a) => a.cid === 'counter-qr')!.content);
    const checked = await call(staff.auth, 'POST', `/v1/service-centres/${centre.id}/checkins`, { code: scanned });
    expect(checked.json()).toMatchObject({ number: came.number, status: 'checked_in', alreadyCheckedIn: false });
    expect((await call(staff.auth, 'POST', `/v1/service-centres/${centre.id}/checkins`, { code: came.number.toLowerCase() })).json()).toMatchObject({ alreadyCheckedIn: true });
    expect((await call(staff.auth, 'POST', `/v1/service-centres/${centre.id}/checkins`, { code: `${scanned.slice(0, -1)}x` })).statusCode).toBe(400);
    testClock.advance(12 * 60_000); // served twelve minutes after checking in
    expect((await call(staff.auth, 'POST', `/v1/service-centres/${centre.id}/served`, { reservationId: came.id })).json()).toMatchObject({ status: 'served' });
    expect((await call(stranger.auth, 'GET', `/v1/service-centres/${centre.id}/reservations?date=${TUESDAY}`)).statusCode).toBe(403);
    expect((await call(organizer.auth, 'GET', `/v1/service-centres/${centre.id}/reservations?date=${TUESDAY}`)).statusCode).toBe(403);

    // After 10:00 the one who did not come is a no-show.
    testClock.set(DateTime.fromISO(`${TUESDAY}T10:01:00+08:00`).toMillis());
    await settle(t.app);
    const list = (await call(staff.auth, 'GET', `/v1/service-centres/${centre.id}/reservations?date=${TUESDAY}`)).json();
    expect(list.items.map((r: { number: string; status: string }) => [r.number, r.status])).toEqual([
      [came.number, 'served'],
      [missed.number, 'no_show'],
    ]);
    expect(t.sink.mailTo('came@example.org').filter((m) => m.subject?.startsWith('Tomorrow'))).toHaveLength(1);

    // The report counts it all: per month, centre and category.
    const report = (await call(coordinator.auth, 'GET', `/v1/reports/green-channel?from=${TUESDAY}&to=${TUESDAY}`)).json();
    expect(report.rows).toEqual([{ month: TUESDAY.slice(0, 7), centreId: centre.id, centre: 'Centre A', categoryCode: 'tax', category: { en: 'Tax' }, reservations: 2, served: 1, noShows: 1, meanWaitMinutes: 12 }]);
    const csv = await t.app.inject({ method: 'GET', url: `/v1/reports/green-channel?from=${TUESDAY}&to=${TUESDAY}&format=csv`, headers: coordinator.auth });
    expect(csv.body.split('\r\n')[1]).toBe(`${TUESDAY.slice(0, 7)},Centre A,Tax,2,1,1,12`);
    expect((await call(staff.auth, 'GET', `/v1/reports/green-channel`)).statusCode).toBe(403);
    const page = await browser(t.app).as(coordinator.member.id).get(`/office/report?from=${TUESDAY}&to=${TUESDAY}`);
    expect(textOf(page)).toContain('Green channel');
    expect(textOf(page)).toContain('Centre A');
  });

  it('sends no reminder for a slot reserved less than a day ahead: the confirmation has just said it', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const centre = (await call(coordinator.auth, 'POST', '/v1/service-centres', { name: 'Centre B', openingHours: { tue: [{ open: '09:00', close: '12:00' }] } })).json();
    await call(coordinator.auth, 'POST', '/v1/service-categories', { code: 'permits', name: { en: 'Permits' } });
    const service = (await call(coordinator.auth, 'POST', '/v1/services', { code: 'permit', categoryCode: 'permits', name: { en: 'Permits' }, durationMinutes: 30, seatsPerSlot: 3, centreIds: [centre.id] })).json();
    const nextTuesday = MONDAY.plus({ weeks: 1, days: 1 });
    const reserve = (email: string, at: DateTime) => reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start: at.toISO({ suppressMilliseconds: true }), name: 'N', email, language: 'en' });
    // Two days ahead: reminded; then, on Monday at 10:00, one for Tuesday 09:30 (23.5 h ahead): not.
    testClock.set(MONDAY.plus({ weeks: 1, days: -1 }).toMillis());
    expect((await reserve('early@example.org', nextTuesday.set({ hour: 9, minute: 30 }))).statusCode).toBe(201);
    testClock.set(MONDAY.plus({ weeks: 1 }).set({ hour: 10 }).toMillis());
    expect((await reserve('late@example.org', nextTuesday.set({ hour: 9, minute: 30 }))).statusCode).toBe(201);
    await waitFor(() => t.sink.mailTo('late@example.org').find((m) => m.subject?.startsWith('Reservation')), 'the late confirmation');
    await settle(t.app);
    await waitFor(() => t.sink.mailTo('early@example.org').some((m) => m.subject?.startsWith('Tomorrow')), 'the early one’s reminder');
    testClock.set(nextTuesday.set({ hour: 9 }).toMillis());
    await settle(t.app);
    expect(t.sink.mailTo('late@example.org').map((m) => m.subject)).toEqual([expect.stringMatching(/^Confirm your reservation/), expect.stringMatching(/^Reservation/)]);
  });
});

import { reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

/** A centre in a zone with DST, open across the change: slots keep wall-clock times and their offsets. */
let t: TestApp;
beforeAll(async () => {
  testClock.set(Date.parse('2027-03-01T08:00:00Z'));
  t = await startTestApp({ GREEN_CHANNEL_DAYS_AHEAD: '60' });
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

describe('slots around a DST change', () => {
  it('skips the hour that does not exist in Berlin on 28 March 2027 and writes each slot with its own offset', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: coordinator.auth, payload });
    // Open 01:00–04:00 on Mondays; the Sunday of the change is declared a make-up working day (Monday's hours).
    const centre = (await post('/v1/service-centres', { name: 'Berlin desk', timezone: 'Europe/Berlin', openingHours: { mon: [{ open: '01:00', close: '04:00' }] } })).json();
    await post('/v1/service-categories', { code: 'night', name: { en: 'Night' } });
    const service = (await post('/v1/services', { code: 'night-desk', categoryCode: 'night', name: { en: 'Night desk' }, durationMinutes: 30, seatsPerSlot: 1, centreIds: [centre.id] })).json();
    await post('/v1/calendar/days', { date: '2027-03-28', kind: 'workday', name: 'Make-up day' });
    const slots = (await t.app.inject({ method: 'GET', url: `/v1/services/${service.id}/slots?centre=${centre.id}&date=2027-03-28` })).json().slots;
    // 02:00 becomes 03:00: the span holds two hours of slots, not three.
    expect(slots.map((s: { start: string }) => s.start)).toEqual(['2027-03-28T01:00:00+01:00', '2027-03-28T01:30:00+01:00', '2027-03-28T03:00:00+02:00', '2027-03-28T03:30:00+02:00']);
    const made = await reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start: '2027-03-28T03:00:00+02:00', name: 'Night owl', email: 'owl@example.org' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ start: '2027-03-28T03:00:00+02:00', end: '2027-03-28T03:30:00+02:00' });
  });
});

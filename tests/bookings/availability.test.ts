import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

const NINE_TO_SIX = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '18:00' }]]));

const availability = (auth: Record<string, string>, venueId: number, from: string, to: string) =>
  t.app.inject({ method: 'GET', url: `/v1/venues/${venueId}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, headers: auth });

describe('availability', () => {
  it('is opening hours minus blackouts minus approved bookings; pending requests take nothing', async () => {
    const { venue, manager } = await seedVenue(t.app, { openingHours: NINE_TO_SIX });
    const organizer = seedOrganizer(t.app);
    const approved = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(3, '10:00', '12:00') })).json();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${approved.id}/approve`, headers: manager.auth, payload: {} });
    await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(3, '13:00', '14:00') }); // stays pending
    const blackout = slot(3, '16:00', '17:30');
    await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: { ...blackout, reason: 'Cleaning' } });

    const day = slot(3, '00:00', '23:59');
    const res = await availability(organizer.auth, venue.id, day.start, day.end);
    expect(res.statusCode).toBe(200);
    const date = day.start.slice(0, 10);
    expect(res.json()).toEqual({
      venueId: venue.id,
      timezone: 'Asia/Shanghai',
      from: day.start,
      to: day.end,
      free: [
        { start: `${date}T09:00:00+08:00`, end: `${date}T10:00:00+08:00` },
        { start: `${date}T12:00:00+08:00`, end: `${date}T16:00:00+08:00` },
        { start: `${date}T17:30:00+08:00`, end: `${date}T18:00:00+08:00` },
      ],
    });
  });

  it('keeps local opening hours across a DST change, with each day’s own offset', async () => {
    const { venue } = await seedVenue(t.app, { timezone: 'Europe/Berlin', openingHours: NINE_TO_SIX });
    const organizer = seedOrganizer(t.app);
    // The next spring-forward in Berlin: the last Sunday of March.
    const now = DateTime.now().setZone('Europe/Berlin');
    let year = now.year;
    const lastSunday = (y: number) => DateTime.fromObject({ year: y, month: 3, day: 31 }, { zone: 'Europe/Berlin' }).minus({ days: DateTime.fromObject({ year: y, month: 3, day: 31 }).weekday % 7 });
    if (lastSunday(year) < now.plus({ days: 1 })) year += 1;
    const change = lastSunday(year);
    const from = change.minus({ days: 1 }).startOf('day');
    const to = change.plus({ days: 2 }).startOf('day');
    const res = await availability(organizer.auth, venue.id, from.toISO()!, to.toISO()!);
    expect(res.statusCode).toBe(200);
    const free = res.json().free as Array<{ start: string; end: string }>;
    expect(free.map((f) => [f.start.slice(11), f.end.slice(11)])).toEqual([
      ['09:00:00+01:00', '18:00:00+01:00'],
      ['09:00:00+02:00', '18:00:00+02:00'],
      ['09:00:00+02:00', '18:00:00+02:00'],
    ]);
    for (const f of free) expect(DateTime.fromISO(f.end).diff(DateTime.fromISO(f.start), 'hours').hours).toBe(9);

    // A request for 09:00–18:00 local on the change day fits; the same UTC times a day earlier would not.
    const onChange = { start: change.set({ hour: 9 }).toISO()!, end: change.set({ hour: 18 }).toISO()! };
    expect((await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...onChange })).statusCode).toBe(201);
    const shifted = { start: change.set({ hour: 9 }).toUTC().plus({ days: 1, hours: -1 }).toISO()!, end: change.set({ hour: 18 }).toUTC().plus({ days: 1 }).toISO()! };
    const res2 = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...shifted });
    expect(res2.json().rule).toBe('opening-hours');
  });

  it('refuses a window longer than 31 days, or one that ends before it starts', async () => {
    const { venue } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const long = await availability(organizer.auth, venue.id, slot(1, '00:00', '01:00').start, slot(40, '00:00', '01:00').start);
    expect(long.statusCode).toBe(400);
    expect(long.json().field).toBe('to');
    const backwards = await availability(organizer.auth, venue.id, slot(3, '00:00', '01:00').start, slot(2, '00:00', '01:00').start);
    expect(backwards.json().field).toBe('to');
    const noOffset = await availability(organizer.auth, venue.id, '2030-01-01T00:00:00', '2030-01-02T00:00:00+08:00');
    expect(noOffset.json()).toMatchObject({ status: 400, field: 'from' });
  });
});

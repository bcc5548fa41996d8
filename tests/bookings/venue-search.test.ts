import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { blackouts, bookings, venues } from '../../src/db/schema.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { ALL_DAY, seedOrganizer, seedVenue } from '../helpers/venue-fixtures.js';

const t = useTestApp();

const queryString = (query: Record<string, string | number>) => new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
const search = async (query: Record<string, string | number>, auth = seedOrganizer(t.app).auth) => t.app.inject({ method: 'GET', url: `/v1/venues/search?${queryString(query)}`, headers: auth });

/** Next week's Monday 00:00 in Shanghai, as ISO with offset. */
const nextMonday = () => DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 });

/** An approved booking written as the approval would leave it (arrangement). */
function approved(venueId: number, start: DateTime, end: DateTime) {
  const organizer = seedOrganizer(t.app);
  t.app.db
    .insert(bookings)
    .values({ venueId, organizationId: organizer.organization.id, requestedBy: organizer.member.id, startAt: start.toJSDate(), endAt: end.toJSDate(), expectedAttendance: 10, purpose: 'taken', status: 'approved', expiresAt: start.toJSDate() })
    .run();
}

describe('venue search across the alliance', () => {
  it('finds rooms for 50 with a projector on weekday evenings, best fit first, skipping what is taken', async () => {
    const monday = nextMonday();
    const tag = `search-${Date.now()}`;
    const big = await seedVenue(t.app, { name: `${tag} big`, capacity: 200, feePerHour: 100, amenities: ['projector', tag] });
    const snug = await seedVenue(t.app, { name: `${tag} snug`, capacity: 60, feePerHour: 300, amenities: ['projector', tag] });
    const cheap = await seedVenue(t.app, { name: `${tag} cheap`, capacity: 60, feePerHour: 50, amenities: ['projector', tag] });
    await seedVenue(t.app, { name: `${tag} small`, capacity: 30, amenities: ['projector', tag] });
    await seedVenue(t.app, { name: `${tag} no projector`, capacity: 80, amenities: [tag] });
    const full = await seedVenue(t.app, { name: `${tag} full`, capacity: 55, amenities: ['projector', tag] });
    // Every weekday evening of the week taken at "full".
    for (let d = 0; d < 5; d++) approved(full.venue.id, monday.plus({ days: d, hours: 18 }), monday.plus({ days: d, hours: 22 }));

    const res = await search({ from: monday.toISO()!, to: monday.plus({ days: 7 }).toISO()!, duration: 'PT2H', capacity: 50, amenities: `projector,${tag}`, weekdays: 'mon,tue,wed,thu,fri', earliest: '18:00', latest: '22:00' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Closest capacity above the need first, then the fee: cheap (60, 50/h), snug (60, 300/h), big (200).
    expect(body.items.map((i: { venue: { id: number } }) => i.venue.id)).toEqual([cheap.venue.id, snug.venue.id, big.venue.id]);
    const slots = body.items[0].slots as Array<{ start: string; end: string }>;
    expect(slots).toHaveLength(5);
    expect(slots[0]).toEqual({ start: monday.plus({ hours: 18 }).toISO({ suppressMilliseconds: true }), end: monday.plus({ hours: 20 }).toISO({ suppressMilliseconds: true }) });
    expect(slots.every((s) => DateTime.fromISO(s.start, { setZone: true }).weekday <= 5)).toBe(true);
  });

  it('lays out local hours in each venue’s own zone, across a change of clocks', async () => {
    const berlin = await seedVenue(t.app, { capacity: 500, timezone: 'Europe/Berlin', openingHours: ALL_DAY, amenities: ['dst-check'] });
    // Summer time starts in Berlin on Sunday 28 March 2027: 09:00 that day is 07:00Z, the day before 08:00Z.
    const res = await search({ from: '2027-03-27T00:00:00+01:00', to: '2027-03-29T00:00:00+02:00', duration: 'PT1H', capacity: 400, amenities: 'dst-check', earliest: '09:00', latest: '10:00' });
    const slots = res.json().items.find((i: { venue: { id: number } }) => i.venue.id === berlin.venue.id).slots;
    expect(slots).toEqual([
      { start: '2027-03-27T09:00:00+01:00', end: '2027-03-27T10:00:00+01:00' },
      { start: '2027-03-28T09:00:00+02:00', end: '2027-03-28T10:00:00+02:00' },
    ]);
  });

  it('refuses bad searches with a 400 naming the field', async () => {
    const from = nextMonday();
    const base = { from: from.toISO()!, to: from.plus({ days: 7 }).toISO()!, duration: 'PT2H', capacity: 10 };
    const organizer = seedOrganizer(t.app); // a grassroots organization is not a park
    for (const [change, field] of [
      [{ to: from.minus({ days: 1 }).toISO()! }, 'to'],
      [{ to: from.plus({ days: 63 }).toISO()! }, 'to'],
      [{ duration: 'two hours' }, 'duration'],
      [{ duration: 'P8D' }, 'duration'],
      [{ capacity: 0 }, 'capacity'],
      [{ weekdays: 'mon,funday' }, 'weekdays'],
      [{ earliest: '25:00' }, 'earliest'],
      [{ park: '999999' }, 'park'],
      [{ park: String(organizer.organization.id) }, 'park'],
      [{ amenities: 'teleporter' }, 'amenities'],
    ] as const) {
      const res = await search({ ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().field, JSON.stringify(change)).toBe(field);
    }
    expect((await t.app.inject({ method: 'GET', url: `/v1/venues/search?${queryString(base)}` })).statusCode).toBe(401);
  });

  it('when nothing is free, suggests the nearest changes that would find rooms, computed from the calendars', async () => {
    const monday = nextMonday();
    const tag = `relax-${Date.now()}`;
    const projector = `${tag}-projector`; // amenities of this test's rooms only
    const evenings = { from: monday.toISO()!, to: monday.plus({ days: 7 }).toISO()!, duration: 'PT2H', weekdays: 'mon,tue,wed,thu,fri', earliest: '18:00', latest: '22:00' };
    await seedVenue(t.app, { capacity: 40, feePerHour: 100, amenities: [projector, tag], openingHours: ALL_DAY });
    await seedVenue(t.app, { capacity: 80, feePerHour: 100, amenities: [tag], openingHours: ALL_DAY });
    await seedVenue(t.app, { capacity: 80, feePerHour: 500, amenities: [projector, tag], openingHours: ALL_DAY });

    const res = await search({ ...evenings, capacity: 50, amenities: `${projector},${tag}`, maxFee: 200 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 0 });
    // 40 seats are free (gives up a fifth of the people), or drop the projector (half the amenities), or pay 500/h.
    expect(res.json().suggestions).toEqual([
      { relax: 'capacity', change: { capacity: '40' }, total: 1, distance: 0.2 },
      { relax: 'amenities', change: { amenities: tag }, total: 1, distance: 0.5 },
      { relax: 'maxFee', change: { maxFee: '500' }, total: 1, distance: 0.6 },
    ]);

    // A room whose every weekday evening next week is taken: the week after is free, and so are its days.
    const busy = await seedVenue(t.app, { capacity: 300, amenities: [`${tag}-busy`], openingHours: ALL_DAY });
    for (let d = 0; d < 5; d++) approved(busy.venue.id, monday.plus({ days: d, hours: 18 }), monday.plus({ days: d, hours: 22 }));
    const later = await search({ ...evenings, capacity: 250, amenities: `${tag}-busy` });
    expect(later.json().total).toBe(0);
    // (Dropping the amenity would also do — other tests' big rooms are free — but it is further off.)
    expect(later.json().suggestions.slice(0, 2)).toEqual([
      { relax: 'later', change: { from: monday.plus({ days: 7 }).toISO({ suppressMilliseconds: true }), to: monday.plus({ days: 14 }).toISO({ suppressMilliseconds: true }) }, total: 1, distance: 0.3 },
      { relax: 'hours', change: { weekdays: null, earliest: null, latest: null }, total: 1, distance: 0.5 },
    ]);
    // Following the suggestion finds the room.
    const followed = await search({ ...evenings, ...later.json().suggestions[0].change, capacity: 250, amenities: `${tag}-busy` });
    expect(followed.json().items.map((i: { venue: { id: number } }) => i.venue.id)).toEqual([busy.venue.id]);
  });

  it('agrees with a brute-force check on random calendars', async () => {
    const manager = seedMember(t.app, 'park_manager');
    const day0 = nextMonday().plus({ weeks: 2 });
    const half = (n: number) => day0.plus({ minutes: 30 * n });
    const hhmm = (n: number) => `${String(Math.floor(n / 2)).padStart(2, '0')}:${n % 2 ? '30' : '00'}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ open: fc.integer({ min: 0, max: 40 }), len: fc.integer({ min: 1, max: 16 }), taken: fc.array(fc.record({ at: fc.integer({ min: 0, max: 140 }), len: fc.integer({ min: 1, max: 10 }), blackout: fc.boolean() }), { maxLength: 6 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 44 }),
        async (calendars, durationHalves, earliestHalf) => {
          const tag = `prop-${Math.random().toString(36).slice(2)}`;
          const ids: number[] = [];
          for (const c of calendars) {
            const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: hhmm(c.open), close: hhmm(Math.min(48, c.open + c.len)) }]]));
            const venue = t.app.db.insert(venues).values({ organizationId: manager.organization.id, name: `${tag}-${ids.length}`, capacity: 10, amenities: [tag], timezone: 'Asia/Shanghai', openingHours: hours, feePerHour: 0 }).returning().get();
            ids.push(venue.id);
            for (const x of c.taken) {
              if (x.blackout) t.app.db.insert(blackouts).values({ venueId: venue.id, startAt: half(x.at).toJSDate(), endAt: half(x.at + x.len).toJSDate(), reason: 'x', createdBy: manager.member.id }).run();
              else approved(venue.id, half(x.at), half(x.at + x.len));
            }
          }
          const window = { start: half(0), end: half(144) }; // three days
          const latestHalf = Math.min(48, earliestHalf + 12);
          const res = await search({ from: window.start.toISO()!, to: window.end.toISO()!, duration: `PT${durationHalves * 30}M`, capacity: 1, amenities: tag, earliest: hhmm(earliestHalf), latest: hhmm(latestHalf), limit: 100 });
          expect(res.statusCode).toBe(200);
          const found = new Set(res.json().items.map((i: { venue: { id: number } }) => i.venue.id));
          // Brute force: every start on the half-hour grid, checked half-hour by half-hour.
          calendars.forEach((c, v) => {
            const free = (n: number) => {
              const local = n % 48;
              const inHours = local >= c.open && local < c.open + c.len && local >= earliestHalf && local < latestHalf;
              return inHours && !c.taken.some((x) => n >= x.at && n < x.at + x.len);
            };
            let any = false;
            for (let s = 0; s + durationHalves <= 144 && !any; s++) any = Array.from({ length: durationHalves }, (_, k) => free(s + k)).every(Boolean);
            expect(found.has(ids[v]), `venue ${v}: ${JSON.stringify(c)} d=${durationHalves} e=${earliestHalf}`).toBe(any);
          });
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

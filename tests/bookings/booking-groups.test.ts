import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, emails } from '../../src/db/schema.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

type Auth = Record<string, string>;
type View = { id: number; venueId: number; groupId: string | null; status: string };
const act = (auth: Auth, id: number, action: string, payload: object = {}) => t.app.inject({ method: 'POST', url: `/v1/bookings/${id}/${action}`, headers: auth, payload });
const mailsTo = (address: string, kind: string) => t.app.db.select().from(emails).all().filter((m) => m.toAddress === address && m.kind === kind);

/** Three venues in three parks, and an organizer who asks all three for one slot. */
async function threeParks(daysAhead = 5) {
  const parks = [await seedVenue(t.app, { capacity: 80 }), await seedVenue(t.app, { capacity: 60 }), await seedVenue(t.app, { capacity: 100 })];
  const organizer = seedOrganizer(t.app);
  const res = await requestBooking(t.app, organizer.auth, { venueIds: parks.map((p) => p.venue.id), ...slot(daysAhead, '18:00', '20:00'), expectedAttendance: 50 });
  expect(res.statusCode, res.body).toBe(201);
  const group = res.json<{ group: View[] }>().group;
  return { parks, organizer, group, groupId: group[0]!.groupId! };
}

describe('one request to several venues, first approval wins', () => {
  it('files one pending request per venue under one group; each park’s managers are told it went to several', async () => {
    const { parks, organizer, group, groupId } = await threeParks();
    expect(group.map((b) => b.venueId)).toEqual(parks.map((p) => p.venue.id));
    expect(group.every((b) => b.status === 'pending' && b.groupId === groupId)).toBe(true);
    for (const { manager } of parks) {
      const [mail] = mailsTo(manager.member.email, 'booking-request');
      expect(mail?.text).toContain('asked 3 venues for this slot at once');
    }
    const listed = await t.app.inject({ method: 'GET', url: `/v1/bookings?groupId=${groupId}`, headers: organizer.auth });
    expect(listed.json().items.map((b: View) => b.id)).toEqual(group.map((b) => b.id));
    // A park's manager sees their own park's part of the group only.
    const theirs = await t.app.inject({ method: 'GET', url: `/v1/bookings?groupId=${groupId}`, headers: parks[1]!.manager.auth });
    expect(theirs.json().items.map((b: View) => b.id)).toEqual([group[1]!.id]);
  });

  it('the second park approves first: the other two are withdrawn, never approvable, and their managers told', async () => {
    const { parks, organizer, group } = await threeParks();
    const approved = await act(parks[1]!.manager.auth, group[1]!.id, 'approve');
    expect(approved.json()).toMatchObject({ status: 'approved' });
    for (const i of [0, 2]) {
      const row = t.app.db.select().from(bookings).where(eq(bookings.id, group[i]!.id)).get()!;
      expect(row.status).toBe('withdrawn');
      const [told] = mailsTo(parks[i]!.manager.member.email, 'booking-withdrawn');
      expect(told?.subject).toMatch(/^Venue request withdrawn/);
      expect(told?.text).toContain('another venue approved first');
      const late = await act(parks[i]!.manager.auth, group[i]!.id, 'approve');
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ rule: 'placed-elsewhere', winner: group[1]!.id, winnerVenue: parks[1]!.venue.name });
      expect((await act(parks[i]!.manager.auth, group[i]!.id, 'decline', { reason: 'late' })).statusCode).toBe(409);
    }
    expect(mailsTo(organizer.member.email, 'booking-approved')).toHaveLength(1);
    expect(mailsTo(parks[1]!.manager.member.email, 'booking-withdrawn')).toHaveLength(0);
  });

  it('of three managers approving at the same moment, exactly one wins and the others get a 409 naming it', async () => {
    for (let round = 0; round < 5; round++) {
      const { parks, group } = await threeParks(6 + round);
      const results = await Promise.all(group.map((b, i) => act(parks[i]!.manager.auth, b.id, 'approve')));
      const winners = results.filter((r) => r.statusCode === 200);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.json<View>().id;
      for (const loser of results.filter((r) => r.statusCode !== 200)) expect(loser.json()).toMatchObject({ status: 409, rule: 'placed-elsewhere', winner });
      const statuses = group.map((b) => t.app.db.select().from(bookings).where(eq(bookings.id, b.id)).get()!.status).sort();
      expect(statuses).toEqual(['approved', 'withdrawn', 'withdrawn']);
    }
  });

  it('lets the organizer withdraw the whole group; each park is told; nobody else may', async () => {
    const { parks, organizer, groupId } = await threeParks();
    const stranger = seedOrganizer(t.app);
    const url = `/v1/bookings/groups/${groupId}/withdraw`;
    expect((await t.app.inject({ method: 'POST', url, headers: stranger.auth, payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: parks[0]!.manager.auth, payload: {} })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url, headers: organizer.auth, payload: { reason: 'Found a room of our own' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((b: View) => b.status)).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
    for (const { manager } of parks) expect(mailsTo(manager.member.email, 'booking-withdrawn')[0]?.text).toContain('The organizer withdrew the request.');
    const again = await t.app.inject({ method: 'POST', url, headers: organizer.auth, payload: {} });
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/v1/bookings/groups/nope/withdraw', headers: organizer.auth, payload: {} })).statusCode).toBe(404);
  });

  it('withdrawing after one approved cancels that one and withdraws nothing twice', async () => {
    const { parks, organizer, group, groupId } = await threeParks();
    await act(parks[0]!.manager.auth, group[0]!.id, 'approve');
    const res = await t.app.inject({ method: 'POST', url: `/v1/bookings/groups/${groupId}/withdraw`, headers: organizer.auth, payload: {} });
    expect(res.json().items.map((b: View) => b.status)).toEqual(['cancelled', 'withdrawn', 'withdrawn']);
    expect(mailsTo(parks[0]!.manager.member.email, 'booking-cancelled')).toHaveLength(1);
  });

  it('refuses bad groups with a 400 naming the field, and writes nothing', async () => {
    const a = await seedVenue(t.app, { capacity: 80 });
    const b = await seedVenue(t.app, { capacity: 80 });
    const c = await seedVenue(t.app, { capacity: 80 });
    const d = await seedVenue(t.app, { capacity: 80 });
    const small = await seedVenue(t.app, { capacity: 10 });
    const berlin = await seedVenue(t.app, { capacity: 80, timezone: 'Europe/Berlin', openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ open: '00:00', close: '24:00' }]])) });
    const organizer = seedOrganizer(t.app);
    const before = t.app.db.select().from(bookings).all().length;
    const when = slot(5, '18:00', '20:00');
    for (const [body, field] of [
      [{ venueIds: [a, b, c, d].map((x) => x.venue.id) }, 'venueIds'],
      [{ venueIds: [a.venue.id] }, 'venueIds'],
      [{ venueIds: [a.venue.id, a.venue.id] }, 'venueIds'],
      [{ venueId: a.venue.id, venueIds: [b.venue.id, c.venue.id] }, 'venueId'],
      [{}, 'venueId'],
      [{ venueIds: [a.venue.id, b.venue.id], recurrence: { count: 3 } }, 'recurrence'],
      [{ venueIds: [a.venue.id, berlin.venue.id] }, 'venueIds'],
      [{ venueIds: [a.venue.id, small.venue.id] }, 'expectedAttendance'],
    ] as const) {
      const res = await requestBooking(t.app, organizer.auth, { ...when, expectedAttendance: 50, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect(t.app.db.select().from(bookings).all()).toHaveLength(before);
    // A coordinator's view of a group it did not file is fine; an unknown group lists nothing.
    const coordinator = seedMember(t.app, 'coordinator');
    expect((await t.app.inject({ method: 'GET', url: '/v1/bookings?groupId=unknown', headers: coordinator.auth })).json().items).toEqual([]);
  });
});

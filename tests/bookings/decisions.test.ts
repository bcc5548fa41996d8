import { describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedManagerOf, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

type Auth = Record<string, string>;
const act = (auth: Auth, id: number, action: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url: `/v1/bookings/${id}/${action}`, headers: auth, payload });

async function pending(auth: Auth, venueId: number, times: { start: string; end: string }) {
  const res = await requestBooking(t.app, auth, { venueId, ...times });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: number; version: number }>();
}

describe('decisions on booking requests', () => {
  it('lets the park’s manager approve; the organizer is mailed; the decision is audited', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const booking = await pending(organizer.auth, venue.id, slot(4, '14:00', '16:00'));
    const res = await act(manager.auth, booking.id, 'approve', { version: 1, note: 'See you there' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', version: 2, decidedBy: manager.member.id, decisionNote: 'See you there' });

    const mail = t.app.db.select().from(emails).all().find((m) => m.kind === 'booking-approved' && m.toAddress === organizer.member.email);
    expect(mail?.subject).toMatch(/^Venue request approved/);

    const history = await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}/history`, headers: manager.auth });
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual(['requested', 'approved']);
    expect(history.json().items[1]).toMatchObject({ actorMemberId: manager.member.id, via: 'api', before: { status: 'pending' }, after: { status: 'approved' } });
  });

  it('refuses another park’s manager (403) and organizers (403)', async () => {
    const { venue } = await seedVenue(t.app);
    const { manager: otherManager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const booking = await pending(organizer.auth, venue.id, slot(4, '10:00', '11:00'));
    expect((await act(otherManager.auth, booking.id, 'approve')).statusCode).toBe(403);
    expect((await act(organizer.auth, booking.id, 'approve')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}/history`, headers: otherManager.auth })).statusCode).toBe(403);
  });

  it('refuses approving a request that overlaps an approved one, naming the conflicting booking', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const a = await pending(seedOrganizer(t.app).auth, venue.id, slot(4, '14:00', '16:00'));
    const b = await pending(seedOrganizer(t.app).auth, venue.id, slot(4, '15:00', '17:00'));
    expect((await act(manager.auth, a.id, 'approve')).statusCode).toBe(200);
    const res = await act(manager.auth, b.id, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ rule: 'overlap', conflictsWith: [a.id], detail: expect.stringContaining(`#${a.id}`) });
  });

  it('refuses a decision made on a stale version', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const booking = await pending(organizer.auth, venue.id, slot(4, '10:00', '11:00'));
    expect((await act(manager.auth, booking.id, 'decline', { reason: 'Hall under repair', version: 1 })).statusCode).toBe(200);
    const stale = await act(manager.auth, booking.id, 'approve', { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ rule: 'stale-version', currentVersion: 2 });
    const late = await act(manager.auth, booking.id, 'approve', { version: 2 });
    expect(late.json()).toMatchObject({ status: 409, rule: 'not-pending', currentStatus: 'declined' });
  });

  it('requires a reason to decline', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const booking = await pending(seedOrganizer(t.app).auth, venue.id, slot(4, '10:00', '11:00'));
    const res = await act(manager.auth, booking.id, 'decline', {});
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('reason');
  });

  it('lets the requester cancel and tells the park’s managers; others may not', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const stranger = seedOrganizer(t.app);
    const booking = await pending(organizer.auth, venue.id, slot(4, '10:00', '11:00'));
    expect((await act(stranger.auth, booking.id, 'cancel')).statusCode).toBe(403);
    const res = await act(organizer.auth, booking.id, 'cancel', { reason: 'Speaker ill' });
    expect(res.json()).toMatchObject({ status: 'cancelled', decisionNote: 'Speaker ill' });
    const mail = t.app.db.select().from(emails).all().find((m) => m.kind === 'booking-cancelled' && m.toAddress === manager.member.email);
    expect(mail).toBeDefined();
    expect((await act(organizer.auth, booking.id, 'cancel')).json().rule).toBe('not-cancellable');
  });

  it('gives exactly one approval among concurrent approvals of mutually overlapping requests', async () => {
    const { venue, manager, park } = await seedVenue(t.app);
    const deputy = seedManagerOf(t.app, park);
    const requests = [];
    for (let i = 0; i < 50; i++) requests.push(await pending(seedOrganizer(t.app).auth, venue.id, slot(6, `${10 + (i % 3)}:00`, '15:00')));
    const results = await Promise.all(requests.map((r, i) => act(i % 2 ? manager.auth : deputy.auth, r.id, 'approve')));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = requests[results.findIndex((r) => r.statusCode === 200)]!;
    for (const loser of results.filter((r) => r.statusCode === 409)) expect(loser.json().conflictsWith).toEqual([winner.id]);
  });

  it('lists requests by who is asking: own organization, own park, or all', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const other = seedOrganizer(t.app);
    const mine = await pending(organizer.auth, venue.id, slot(9, '10:00', '11:00'));
    const theirs = await pending(other.auth, venue.id, slot(9, '12:00', '13:00'));
    const ids = async (auth: Auth, query = '') => (await t.app.inject({ method: 'GET', url: `/v1/bookings?limit=200${query}`, headers: auth })).json().items.map((b: { id: number }) => b.id);
    expect(await ids(organizer.auth)).toEqual([mine.id]);
    expect(await ids(manager.auth)).toEqual([mine.id, theirs.id]);
    const coordinator = seedMember(t.app, 'coordinator');
    expect(await ids(coordinator.auth, `&venueId=${venue.id}&status=pending`)).toEqual([mine.id, theirs.id]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/bookings/${theirs.id}`, headers: organizer.auth })).statusCode).toBe(403);
  });
});

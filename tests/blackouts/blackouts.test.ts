import { describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

describe('blackouts', () => {
  it('blocks new requests in its window, and can be listed and removed', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const window = slot(5, '08:00', '22:00');
    const created = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: { ...window, reason: 'Maintenance' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ start: window.start, end: window.end, reason: 'Maintenance', cancelledBookings: [] });

    const refused = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '10:00', '11:00') });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ rule: 'blackout', detail: expect.stringContaining('Maintenance') });

    const list = await t.app.inject({ method: 'GET', url: `/v1/venues/${venue.id}/blackouts`, headers: organizer.auth });
    expect(list.json().items).toHaveLength(1);
    const removed = await t.app.inject({ method: 'DELETE', url: `/v1/venues/${venue.id}/blackouts/${created.json().id}`, headers: manager.auth });
    expect(removed.statusCode).toBe(204);
    expect((await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '10:00', '11:00') })).statusCode).toBe(201);
  });

  it('answers 409 listing approved bookings in the way, and with force cancels them and tells their organizers', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(6, '14:00', '16:00') })).json();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: manager.auth, payload: {} });

    const window = { ...slot(6, '12:00', '18:00'), reason: 'Fire inspection' };
    const conflict = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: window });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ rule: 'approved-bookings', bookings: [{ id: booking.id, start: booking.start, end: booking.end }] });

    const forced = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: { ...window, force: true } });
    expect(forced.statusCode).toBe(201);
    expect(forced.json().cancelledBookings).toEqual([booking.id]);
    const after = await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}`, headers: organizer.auth });
    expect(after.json()).toMatchObject({ status: 'cancelled', decisionNote: 'Fire inspection' });
    const mail = t.app.db.select().from(emails).all().find((m) => m.kind === 'booking-cancelled' && m.toAddress === organizer.member.email);
    expect(mail?.text).toContain('Fire inspection');
  });

  it('lets only the park’s own managers set blackouts', async () => {
    const { venue } = await seedVenue(t.app);
    const { manager: other } = await seedVenue(t.app);
    const res = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: other.auth, payload: { ...slot(5, '08:00', '09:00'), reason: 'Mine now' } });
    expect(res.statusCode).toBe(403);
  });
});

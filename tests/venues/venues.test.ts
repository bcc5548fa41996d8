import { describe, expect, it } from 'vitest';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

const post = (auth: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url: '/v1/venues', headers: auth, payload });

describe('venues', () => {
  it('lets a park manager add a venue to their own park, with sensible defaults', async () => {
    const manager = seedMember(t.app, 'park_manager');
    const res = await post(manager.auth, { organizationId: manager.organization.id, name: 'Roadshow Hall', capacity: 120, amenities: ['projector', 'wifi'], feePerHour: 300 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Roadshow Hall',
      capacity: 120,
      timezone: 'Asia/Shanghai',
      active: true,
      feePerHour: 300,
      openingHours: { mon: [{ open: '08:00', close: '22:00' }] },
    });
  });

  it('refuses a park manager adding a venue to another park', async () => {
    const mine = seedMember(t.app, 'park_manager');
    const other = seedMember(t.app, 'park_manager');
    const res = await post(mine.auth, { organizationId: other.organization.id, name: 'Not mine', capacity: 10 });
    expect(res.statusCode).toBe(403);
  });

  it('refuses an organizer adding venues', async () => {
    const organizer = seedOrganizer(t.app);
    const park = seedMember(t.app, 'park_manager');
    expect((await post(organizer.auth, { organizationId: park.organization.id, name: 'X', capacity: 10 })).statusCode).toBe(403);
  });

  it('lets only parks and bases own venues', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const club = seedOrganizer(t.app);
    const res = await post(coordinator.auth, { organizationId: club.organization.id, name: 'Cafe', capacity: 10 });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('organizationId');
  });

  it('refuses a time zone that is not IANA, naming the field', async () => {
    const manager = seedMember(t.app, 'park_manager');
    const res = await post(manager.auth, { organizationId: manager.organization.id, name: 'Zoned', capacity: 10, timezone: 'China/Beijing' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'timezone', detail: 'timezone must be an IANA time zone such as Asia/Shanghai (got "China/Beijing").' });
  });

  it('refuses opening hours that close before they open, naming the span', async () => {
    const manager = seedMember(t.app, 'park_manager');
    const res = await post(manager.auth, { organizationId: manager.organization.id, name: 'Odd', capacity: 10, openingHours: { tue: [{ open: '18:00', close: '09:00' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('openingHours.tue.0');
    const malformed = await post(manager.auth, { organizationId: manager.organization.id, name: 'Odd', capacity: 10, openingHours: { tue: [{ open: '9am', close: '18:00' }] } });
    expect(malformed.json().field).toBe('openingHours.tue.0.open');
  });

  it('finds venues by park, capacity and amenity', async () => {
    const { venue: small, park } = await seedVenue(t.app, { capacity: 20, amenities: ['wifi'] });
    const { venue: big } = await seedVenue(t.app, { capacity: 300, amenities: ['stage', 'wifi'] });
    const organizer = seedOrganizer(t.app);
    const ids = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/venues?${query}`, headers: organizer.auth })).json().items.map((v: { id: number }) => v.id);
    expect(await ids(`park=${park.id}`)).toEqual([small.id]);
    expect(await ids('minCapacity=250')).toContain(big.id);
    expect(await ids('minCapacity=250')).not.toContain(small.id);
    expect(await ids('amenity=stage')).toEqual([big.id]);
  });

  it('changes and deactivates a venue; a deactivated venue takes no requests', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/venues/${venue.id}`, headers: manager.auth, payload: { capacity: 80, address: '1 Guoding Rd' } });
    expect(patched.json()).toMatchObject({ capacity: 80, address: '1 Guoding Rd' });
    const off = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/deactivate`, headers: manager.auth });
    expect(off.json().active).toBe(false);

    const organizer = seedOrganizer(t.app);
    const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(3, '14:00', '16:00') });
    expect(res.statusCode).toBe(409);
    expect(res.json().rule).toBe('venue-active');
  });

  it('answers 404 for an unknown venue', async () => {
    const organizer = seedOrganizer(t.app);
    expect((await t.app.inject({ method: 'GET', url: '/v1/venues/999999', headers: organizer.auth })).statusCode).toBe(404);
  });
});

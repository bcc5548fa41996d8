import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { announcements } from '../../src/db/schema.js';
import { createEvent, seedApprovedBooking, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestApp();

const announcementsOf = (eventId: number) =>
  t.app.db.select().from(announcements).where(eq(announcements.eventId, eventId)).orderBy(announcements.id).all().map((a) => `${a.kind}#${a.sequence}`);
const publish = (auth: Record<string, string>, id: number) => t.app.inject({ method: 'POST', url: `/v1/events/${id}/publish`, headers: auth });

describe('events', () => {
  it('drafts an event on an approved booking, hidden from the public until published', async () => {
    const { organizer, booking, venue } = await seedApprovedBooking(t.app);
    const draft = await createEvent(t.app, organizer.auth, { bookingId: booking.id, start: booking.start, end: booking.end, topics: ['AI', 'fintech'] });
    expect(draft.statusCode).toBe(201);
    const event = draft.json();
    expect(event).toMatchObject({ status: 'draft', topics: ['ai', 'fintech'], timezone: 'Asia/Shanghai', venue: { id: venue.id, name: venue.name }, seatsLeft: 30 });
    expect(event.start).toMatch(/T14:00:00\+08:00$/);

    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}`, headers: organizer.auth })).statusCode).toBe(200);
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/v1/events?limit=100' })).json().items.map((e: { id: number }) => e.id);
    expect(await listed()).not.toContain(event.id);

    const published = await publish(organizer.auth, event.id);
    expect(published.json()).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect(await listed()).toContain(event.id);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).statusCode).toBe(200);
    expect(announcementsOf(event.id)).toEqual(['published#0']);
    // The announcement is handed to the fan-out job.
    await waitFor(() => t.app.db.select().from(announcements).where(eq(announcements.eventId, event.id)).get()?.fannedOutAt, 'announcement fanned out');
  });

  it('refuses to publish on a booking that is not approved, saying why', async () => {
    const { venue } = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const times = slot(12, '10:00', '12:00');
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...times })).json();
    const draft = (await createEvent(t.app, organizer.auth, { bookingId: booking.id, ...times })).json();
    const res = await publish(organizer.auth, draft.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ rule: 'booking-approved', detail: `Booking ${booking.id} is pending; an event is published only on an approved booking.` });
    expect(announcementsOf(draft.id)).toEqual([]);
  });

  it('publishes an online event without a booking', async () => {
    const organizer = seedOrganizer(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { onlineUrl: 'https://meeting.example/room', ...slot(3, '20:00', '21:00') })).json();
    expect(draft).toMatchObject({ venue: null, onlineUrl: 'https://meeting.example/room', timezone: 'Asia/Shanghai' });
    expect((await publish(organizer.auth, draft.id)).json().status).toBe('published');
  });

  it.each([
    ['outside its booking', (b: { start: string; end: string; id: number }) => ({ bookingId: b.id, start: b.start, end: DateTime.fromISO(b.end).plus({ hours: 1 }).toISO() }), 'start', 'within-booking'],
    ['with more seats than the venue', (b: { start: string; end: string; id: number }) => ({ bookingId: b.id, start: b.start, end: b.end, capacity: 51 }), 'capacity', 'venue-capacity'],
    ['both at a venue and online', (b: { start: string; end: string; id: number }) => ({ bookingId: b.id, start: b.start, end: b.end, onlineUrl: 'https://x.example' }), 'bookingId', 'place'],
    ['with neither a venue nor a link', (b: { start: string; end: string }) => ({ start: b.start, end: b.end }), 'bookingId', 'place'],
  ])('refuses an event %s, naming the field', async (_name, body, field, rule) => {
    const { organizer, booking } = await seedApprovedBooking(t.app);
    const res = await createEvent(t.app, organizer.auth, body(booking));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field, rule });
  });

  it('refuses another organization’s booking (403) and one that does not exist (400)', async () => {
    const { booking } = await seedApprovedBooking(t.app);
    const stranger = seedOrganizer(t.app);
    const res = await createEvent(t.app, stranger.auth, { bookingId: booking.id, start: booking.start, end: booking.end });
    expect(res.json()).toMatchObject({ status: 403, field: 'bookingId', rule: 'own-booking' });
    const missing = await createEvent(t.app, stranger.auth, { bookingId: 999_999, start: booking.start, end: booking.end });
    expect(missing.json()).toMatchObject({ status: 400, field: 'bookingId' });
  });

  it('refuses over-long fields, naming the limit', async () => {
    const organizer = seedOrganizer(t.app);
    const res = await createEvent(t.app, organizer.auth, { title: 'x'.repeat(201), onlineUrl: 'https://x.example', ...slot(3, '20:00', '21:00') });
    expect(res.json()).toMatchObject({ status: 400, field: 'title', detail: 'body: title must NOT have more than 200 characters.' });
  });

  it('writes exactly one announcement when the same event is published concurrently', async () => {
    const { organizer, booking } = await seedApprovedBooking(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { bookingId: booking.id, start: booking.start, end: booking.end })).json();
    const results = await Promise.all(Array.from({ length: 20 }, () => publish(organizer.auth, draft.id)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect(announcementsOf(draft.id)).toEqual(['published#0']);
  });

  it('announces a change of time of a published event, and bumps its sequence for any change', async () => {
    const { organizer, event } = await seedPublishedEvent(t.app);
    const retitled = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { title: 'AI founders salon (2nd edition)' } });
    expect(retitled.json().sequence).toBe(1);
    expect(announcementsOf(event.id)).toEqual(['published#0']);
    const later = DateTime.fromISO(event.start).plus({ hours: 1 }).toISO();
    const moved = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { start: later } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().sequence).toBe(2);
    expect(announcementsOf(event.id)).toEqual(['published#0', 'updated#2']);
  });

  it('lets only the organizing organization and coordinators change an event', async () => {
    const { event } = await seedPublishedEvent(t.app);
    const stranger = seedOrganizer(t.app);
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: stranger.auth, payload: { title: 'Mine' } });
    expect(res.statusCode).toBe(403);
  });

  it('answers another organization’s draft with 404 for editing, publishing and cancelling, as for reading it', async () => {
    const organizer = seedOrganizer(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { onlineUrl: 'https://live.example/x', ...slot(9, '19:00', '20:00') })).json();
    const stranger = seedOrganizer(t.app);
    const read = await t.app.inject({ method: 'GET', url: `/v1/events/${draft.id}`, headers: stranger.auth });
    const edit = await t.app.inject({ method: 'PATCH', url: `/v1/events/${draft.id}`, headers: stranger.auth, payload: { title: 'Mine' } });
    const publish = await t.app.inject({ method: 'POST', url: `/v1/events/${draft.id}/publish`, headers: stranger.auth });
    const cancel = await t.app.inject({ method: 'POST', url: `/v1/events/${draft.id}/cancel`, headers: stranger.auth, payload: {} });
    const missing = await t.app.inject({ method: 'PATCH', url: '/v1/events/999999', headers: stranger.auth, payload: { title: 'Mine' } });
    for (const res of [read, edit, publish, cancel]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe(missing.json().detail.replace('999999', String(draft.id)));
    }
  });

  it('cancels an event: announced, its booking released, no further changes', async () => {
    const { organizer, event, booking } = await seedPublishedEvent(t.app);
    const res = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: organizer.auth, payload: { reason: 'Speaker ill' } });
    expect(res.json()).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(announcementsOf(event.id)).toEqual(['published#0', 'cancelled#1']);
    const released = await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}`, headers: organizer.auth });
    expect(released.json()).toMatchObject({ status: 'cancelled', decisionNote: 'Speaker ill' });
    const again = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { title: 'Back on' } });
    expect(again.json()).toMatchObject({ status: 409, rule: 'closed' });
  });

  it('marks a published event completed once it is over', async () => {
    const organizer = seedOrganizer(t.app);
    const start = DateTime.now().setZone('Asia/Shanghai').plus({ seconds: 1 });
    const draft = (await createEvent(t.app, organizer.auth, { onlineUrl: 'https://x.example', start: start.toISO(), end: start.plus({ seconds: 1 }).toISO() })).json();
    await publish(organizer.auth, draft.id);
    await waitFor(async () => (await t.app.inject({ method: 'GET', url: `/v1/events/${draft.id}` })).json().status === 'completed', 'completed');
  });
});

describe('public listing', () => {
  it('filters by topic, park, organization and title words, in start order, a page at a time', async () => {
    const a = await seedPublishedEvent(t.app, { title: 'Hardware night', topics: ['hardware'] }, { daysAhead: 20 });
    const b = await seedPublishedEvent(t.app, { title: 'AI demo day', topics: ['ai'] }, { daysAhead: 21 });
    const c = await seedPublishedEvent(t.app, { title: 'AI office hours', topics: ['ai'] }, { daysAhead: 22 });
    const ids = async (query: string) => (await t.app.inject({ method: 'GET', url: `/v1/events?${query}` })).json().items.map((e: { id: number }) => e.id);
    const window = `from=${encodeURIComponent(slot(19, '00:00', '01:00').start)}&to=${encodeURIComponent(slot(23, '00:00', '01:00').start)}`;

    expect(await ids(window)).toEqual([a.event.id, b.event.id, c.event.id]);
    expect(await ids(`${window}&topic=AI`)).toEqual([b.event.id, c.event.id]);
    expect(await ids(`${window}&park=${a.park.id}`)).toEqual([a.event.id]);
    expect(await ids(`${window}&organization=${c.organizer.organization.id}`)).toEqual([c.event.id]);
    expect(await ids(`${window}&q=${encodeURIComponent('AI d')}`)).toEqual([b.event.id]);
    expect(await ids(`${window}&q=${encodeURIComponent('%')}`)).toEqual([]);

    const first = (await t.app.inject({ method: 'GET', url: `/v1/events?${window}&limit=2` })).json();
    expect(first.items.map((e: { id: number }) => e.id)).toEqual([a.event.id, b.event.id]);
    const second = (await t.app.inject({ method: 'GET', url: `/v1/events?${window}&limit=2&cursor=${first.nextCursor}` })).json();
    expect(second).toMatchObject({ nextCursor: null, items: [expect.objectContaining({ id: c.event.id })] });
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/events?cursor=abc' });
    expect(res.json()).toMatchObject({ status: 400, field: 'cursor' });
  });
});

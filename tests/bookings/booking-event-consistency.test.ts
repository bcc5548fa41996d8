import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { announcements, bookings, emails, events } from '../../src/db/schema.js';
import { createEvent, registerFor, seedApprovedBooking, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { LANGUAGE_COOKIE } from '../../src/web/frame/i18n.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

const statusOf = (table: typeof bookings | typeof events, id: number) => t.app.db.select({ status: table.status }).from(table).where(eq(table.id, id)).get()!.status;
const mailsTo = (address: string, kind: string) => t.app.db.select().from(emails).where(and(eq(emails.toAddress, address), eq(emails.kind, kind))).all();

/** A published event on an approved booking with two people registered. */
async function eventWithTwoRegistered() {
  const setup = await seedPublishedEvent(t.app, { title: 'Seed round clinic' });
  for (const who of ['ana', 'bo']) expect((await registerFor(t.app, setup.event.id, who, `${who}-${setup.event.id}@example.org`)).statusCode).toBe(201);
  return setup;
}

describe('a booking that an event stands on does not end silently', () => {
  it('cancelling it is refused with 409 naming the event and how many are registered, by the organizer and the park alike', async () => {
    const { booking, organizer, manager, event } = await eventWithTwoRegistered();
    for (const auth of [organizer.auth, manager.auth]) {
      const res = await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/cancel`, headers: auth, payload: {} });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ rule: 'hosts-event', event: { id: event.id, title: 'Seed round clinic', status: 'published', registered: 2 } });
    }
    expect(statusOf(bookings, booking.id)).toBe('approved');
    expect(statusOf(events, event.id)).toBe('published');
  });

  it('so the slot cannot be approved for another request: two published events never share a venue’s time', async () => {
    const { booking, organizer, manager, venue } = await eventWithTwoRegistered();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/cancel`, headers: organizer.auth, payload: {} });
    const rival = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, start: booking.start, end: booking.end })).json();
    const approved = await t.app.inject({ method: 'POST', url: `/v1/bookings/${rival.id}/approve`, headers: manager.auth, payload: {} });
    expect(approved.statusCode).toBe(409);
    expect(approved.json()).toMatchObject({ rule: 'overlap', conflictsWith: [booking.id] });
  });

  it('a draft on a booking holds it too; cancelling the event releases the booking, and then it is gone', async () => {
    const { booking, organizer, manager } = await seedApprovedBooking(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { bookingId: booking.id, start: booking.start, end: booking.end })).json();
    const refused = await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/cancel`, headers: organizer.auth, payload: {} });
    expect(refused.json()).toMatchObject({ rule: 'hosts-event', event: { id: draft.id, status: 'draft', registered: 0 } });
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${draft.id}/cancel`, headers: organizer.auth, payload: {} })).statusCode).toBe(200);
    expect(statusOf(bookings, booking.id)).toBe('cancelled');
    expect(mailsTo(manager.member.email, 'booking-cancelled')).toHaveLength(1);
  });

  it('an event moved to another booking frees the first, which may then be cancelled', async () => {
    const { booking, organizer, manager, venue, event } = await eventWithTwoRegistered();
    const other = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(12, '14:00', '18:00') })).json();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${other.id}/approve`, headers: manager.auth, payload: {} });
    const moved = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { bookingId: other.id, start: slot(12, '15:00', '17:00').start, end: slot(12, '15:00', '17:00').end } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/cancel`, headers: organizer.auth, payload: {} })).statusCode).toBe(200);
    expect(statusOf(events, event.id)).toBe('published');
  });

  it('withdrawing a group whose approved request hosts an event is refused, whole', async () => {
    const parks = [await seedVenue(t.app), await seedVenue(t.app)];
    const { organizer } = await seedApprovedBooking(t.app);
    const times = slot(9, '14:00', '16:00');
    const asked = (await requestBooking(t.app, organizer.auth, { venueIds: parks.map((p) => p.venue.id), ...times })).json();
    const [first] = asked.group as Array<{ id: number; groupId: string }>;
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${first!.id}/approve`, headers: parks[0]!.manager.auth, payload: {} });
    const draft = (await createEvent(t.app, organizer.auth, { bookingId: first!.id, ...times })).json();
    const res = await t.app.inject({ method: 'POST', url: `/v1/bookings/groups/${first!.groupId}/withdraw`, headers: organizer.auth, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ rule: 'hosts-event', event: { id: draft.id } });
    expect(statusOf(bookings, first!.id)).toBe('approved');
  });
});

describe('a forcing blackout takes the events on its bookings with it', () => {
  it('the 409 lists the events; forced, each event is cancelled, its registrants mailed once and the channels get the cancellation', async () => {
    const { booking, manager, venue, event, organizer } = await eventWithTwoRegistered();
    const window = { start: booking.start, end: booking.end, reason: 'Burst pipe' };
    const asked = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: window });
    expect(asked.statusCode).toBe(409);
    expect(asked.json()).toMatchObject({ rule: 'approved-bookings', bookings: [{ id: booking.id }], events: [{ id: event.id, registered: 2 }] });

    const forced = await t.app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: { ...window, force: true } });
    expect(forced.statusCode).toBe(201);
    expect(forced.json()).toMatchObject({ cancelledBookings: [booking.id], cancelledEvents: [event.id] });
    expect(statusOf(events, event.id)).toBe('cancelled');
    expect(statusOf(bookings, booking.id)).toBe('cancelled');
    for (const who of ['ana', 'bo']) expect(mailsTo(`${who}-${event.id}@example.org`, 'event-cancelled')).toHaveLength(1);
    expect(mailsTo(organizer.member.email, 'booking-cancelled')).toHaveLength(1);
    const kinds = t.app.db.select({ kind: announcements.kind }).from(announcements).where(eq(announcements.eventId, event.id)).all().map((a) => a.kind);
    expect(kinds).toContain('cancelled');
  });

  it('the confirm page names each event and how many people are registered, in both languages', async () => {
    const { booking, manager, venue } = await eventWithTwoRegistered();
    const day = booking.start.slice(0, 10);
    const form = { startDate: day, startTime: '00:00', endDate: day, endTime: '23:59', reason: 'Power cut', force: 'true' };
    const b = browser(t.app).as(manager.member.id);
    await b.get('/park/inbox');
    const confirm = await b.post(`/park/venues/${venue.id}/blackouts`, form);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm)).toContain('This event on them is cancelled too');
    expect(textOf(confirm)).toContain('“Seed round clinic” (2 people registered)');
    const zh = browser(t.app).as(manager.member.id);
    zh.jar.set(LANGUAGE_COOKIE, 'zh-CN');
    await zh.get('/park/inbox');
    expect(textOf(await zh.post(`/park/venues/${venue.id}/blackouts`, form))).toContain('“Seed round clinic”（已有 2 人报名）');
  });
});

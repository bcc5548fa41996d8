import type { App } from '../../src/app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from './venue-fixtures.js';

type Auth = Record<string, string>;

/** An organizer holding an approved booking of a venue, `daysAhead` days on, 14:00–18:00 Shanghai time. */
export async function seedApprovedBooking(app: App, options: { daysAhead?: number; venue?: Record<string, unknown> } = {}) {
  const { venue, manager, park } = await seedVenue(app, options.venue);
  const organizer = seedOrganizer(app);
  const times = slot(options.daysAhead ?? 10, '14:00', '18:00');
  const booking = (await requestBooking(app, organizer.auth, { venueId: venue.id, ...times })).json();
  const approved = await app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: manager.auth, payload: {} });
  if (approved.statusCode !== 200) throw new Error(`approval answered ${approved.statusCode}: ${approved.body}`);
  return { venue, manager, park, organizer, booking: approved.json<{ id: number; start: string; end: string }>() };
}

export async function createEvent(app: App, auth: Auth, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/events', headers: auth, payload: { title: 'AI founders salon', capacity: 30, ...body } });
}

/** A published event on an approved booking; returns its id and the people around it. */
export async function seedPublishedEvent(app: App, event: Record<string, unknown> = {}, options: Parameters<typeof seedApprovedBooking>[1] = {}) {
  const setup = await seedApprovedBooking(app, options);
  const created = await createEvent(app, setup.organizer.auth, { bookingId: setup.booking.id, start: setup.booking.start, end: setup.booking.end, ...event });
  if (created.statusCode !== 201) throw new Error(`event creation answered ${created.statusCode}: ${created.body}`);
  const published = await app.inject({ method: 'POST', url: `/v1/events/${created.json().id}/publish`, headers: setup.organizer.auth });
  if (published.statusCode !== 200) throw new Error(`publishing answered ${published.statusCode}: ${published.body}`);
  return { ...setup, event: published.json<{ id: number; start: string; end: string; sequence: number }>() };
}

/** A public registration, from `ip` (the rate limits count per IP address). */
export async function registerFor(app: App, eventId: number, name: string, email: string, ip = '127.0.0.1') {
  return app.inject({ method: 'POST', url: `/v1/events/${eventId}/registrations`, payload: { name, email }, remoteAddress: ip });
}

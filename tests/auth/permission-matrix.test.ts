import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { apiTokens, coOrganizerRequests } from '../../src/db/schema.js';
import { addChannel } from '../helpers/channel-fixtures.js';
import { createEvent, registerFor } from '../helpers/event-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Every route × every kind of caller, with who may and who may not. The table is checked
 * against the routes the app registers: a new route without a row fails this test.
 *
 * A caller let in gets a 2xx (each write runs on a world of its own, so nothing is in the way),
 * or for a public signed-link route given a garbage token, the 400 of a bad link. A caller kept
 * out gets 401, 403 or 404 (a resource of someone else's may be hidden).
 */
const PRINCIPALS = ['anonymous', 'organizerA', 'organizerB', 'managerP', 'managerQ', 'coordinator'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Verdict = 'allow' | 'deny';

let receiverUrl = '';
let day = 5;

/** Park P (venue, manager) and park Q; organizations A and B; A's requests, events and people around them. */
async function buildWorld(app: App) {
  const p = await seedVenue(app);
  const q = await seedVenue(app);
  const a = seedOrganizer(app);
  const b = seedOrganizer(app);
  const coordinator = seedMember(app, 'coordinator');
  const d = (day += 1);
  const approved = async (from: string, to: string) => {
    const booking = (await requestBooking(app, a.auth, { venueId: p.venue.id, ...slot(d, from, to) })).json();
    const res = await app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: p.manager.auth, payload: { version: booking.version } });
    if (res.statusCode !== 200) throw new Error(`approval answered ${res.statusCode}: ${res.body}`);
    return res.json<{ id: number; start: string; end: string }>();
  };
  const pending = (await requestBooking(app, a.auth, { venueId: p.venue.id, ...slot(d, '08:00', '09:00') })).json<{ id: number; version: number }>();
  const series = (await requestBooking(app, a.auth, { venueId: p.venue.id, ...slot(d, '09:00', '10:00'), recurrence: { count: 2 } })).json<{ seriesId: string }>();
  const group = (await requestBooking(app, a.auth, { venueIds: [p.venue.id, q.venue.id], ...slot(d, '19:00', '20:00') })).json<{ groupId: string }>();
  const forPublished = await approved('10:00', '12:00');
  const forDraft = await approved('13:00', '15:00');
  const free = await approved('16:00', '18:00');
  // A channel of this world's own topic, so each world's announcement reaches one channel.
  // Its receiver refuses for good (400), so the delivery is dead and can be retried by hand.
  const { channel } = await addChannel(app, { kind: 'webhook', topics: [`matrix-${d}`], config: { url: `${receiverUrl}/refuse` } });
  const published = (await createEvent(app, a.auth, { bookingId: forPublished.id, start: forPublished.start, end: forPublished.end, topics: [`matrix-${d}`] })).json<{ id: number }>();
  await app.inject({ method: 'POST', url: `/v1/events/${published.id}/publish`, headers: a.auth });
  const draft = (await createEvent(app, a.auth, { bookingId: forDraft.id, start: forDraft.start, end: forDraft.end })).json<{ id: number }>();
  const registration = (await registerFor(app, published.id, 'Guest', `guest-${d}@example.org`)).json<{ id: number }>();
  const blackout = (
    await app.inject({ method: 'POST', url: `/v1/venues/${p.venue.id}/blackouts`, headers: p.manager.auth, payload: { ...slot(d + 1, '08:00', '09:00'), reason: 'Cleaning' } })
  ).json<{ id: number }>();
  const announcement = await waitFor(async () => {
    const list = await app.inject({ method: 'GET', url: `/v1/announcements?eventId=${published.id}`, headers: coordinator.auth });
    return (list.json().items as Array<{ id: number }>)[0];
  }, 'the announcement');
  const delivery = await waitFor(async () => {
    const page = await app.inject({ method: 'GET', url: `/v1/announcements/${announcement.id}/deliveries`, headers: coordinator.auth });
    return (page.json().items as Array<{ id: number; status: string }>).find((row) => row.status === 'dead');
  }, 'a dead delivery');
  const auth: Record<Principal, Record<string, string>> = {
    anonymous: {},
    organizerA: a.auth,
    organizerB: b.auth,
    managerP: p.manager.auth,
    managerQ: q.manager.auth,
    coordinator: coordinator.auth,
  };
  const members: Record<Principal, { id: number } | null> = {
    anonymous: null,
    organizerA: a.member,
    organizerB: b.member,
    managerP: p.manager.member,
    managerQ: q.manager.member,
    coordinator: coordinator.member,
  };
  /** The caller's own first token, for routes about "my tokens". */
  const tokenOf = (who: Principal) => {
    const member = members[who];
    return member ? app.db.select().from(apiTokens).all().find((t) => t.memberId === member.id)!.id : 1;
  };
  return { p, q, a, b, d, pending, series, group, free, published, draft, registration, blackout, channel, announcement, delivery, auth, tokenOf };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

/** Names organization B as co-organizer of A's published event (as A's organizer would); its id. */
function namedB(w: World): number {
  t.app.db.insert(coOrganizerRequests).values({ eventId: w.published.id, organizationId: w.b.organization.id }).onConflictDoNothing().run();
  return w.published.id;
}

interface Row {
  url: (w: World, who: Principal) => string;
  body?: (w: World) => unknown;
  /** Principals let in; everyone else is denied. */
  allow: readonly Principal[];
  /** What a caller let in gets, when not a 2xx. */
  ok?: number;
}

const everyone = PRINCIPALS;
const members = PRINCIPALS.filter((p) => p !== 'anonymous');
const GARBAGE = 'not-a-real-token';

const MATRIX: Record<string, Row> = {
  'GET /openapi.json': { url: () => '/openapi.json', allow: everyone },
  'GET /healthz': { url: () => '/healthz', allow: everyone },
  'GET /readyz': { url: () => '/readyz', allow: everyone },

  'POST /v1/organizations': { url: () => '/v1/organizations', body: (w) => ({ name: `New org ${w.d}-${Math.random()}`, kind: 'incubator' }), allow: ['coordinator'] },
  'GET /v1/organizations': { url: () => '/v1/organizations', allow: members },
  'GET /v1/organizations/:id': { url: (w) => `/v1/organizations/${w.a.organization.id}`, allow: members },
  'POST /v1/organizations/:id/members': {
    url: (w) => `/v1/organizations/${w.a.organization.id}/members`,
    body: () => ({ name: 'Newcomer', email: `newcomer-${Math.random()}@example.org`, role: 'organizer' }),
    allow: ['coordinator'],
  },
  'GET /v1/organizations/:id/members': { url: (w) => `/v1/organizations/${w.a.organization.id}/members`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/members/me': { url: () => '/v1/members/me', allow: members },
  'GET /v1/reports/annual': { url: (w, who) => `/v1/reports/annual?year=2026${who === 'coordinator' ? '' : `&organization=${w.a.organization.id}`}`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/alliance': { url: () => '/v1/alliance', allow: everyone },
  'GET /v1/privacy/notice': { url: () => '/v1/privacy/notice', allow: everyone },
  'GET /v1/privacy/export': { url: () => '/v1/privacy/export?email=nobody-here@example.org', allow: ['coordinator'] },
  'GET /v1/privacy/erasures': { url: () => '/v1/privacy/erasures', allow: ['coordinator'] },
  'POST /v1/privacy/erase': { url: () => '/v1/privacy/erase', body: () => ({ email: 'nobody-here@example.org' }), allow: ['coordinator'] },
  'GET /v1/organizations/:id/profile': { url: (w) => `/v1/organizations/${w.a.organization.id}/profile`, allow: everyone },
  'PATCH /v1/organizations/:id/profile': { url: (w) => `/v1/organizations/${w.a.organization.id}/profile`, body: () => ({ brand: 'A brand' }), allow: ['coordinator'] },
  'POST /v1/organizations/:id/profile-proposals': { url: (w) => `/v1/organizations/${w.a.organization.id}/profile-proposals`, body: () => ({ floorAreaM2: 1200 }), allow: ['organizerA'] },
  'GET /v1/profile-proposals': { url: () => '/v1/profile-proposals', allow: members },
  'POST /v1/profile-proposals/:id/approve': { url: () => '/v1/profile-proposals/0/approve', allow: ['coordinator'], ok: 400 },
  'POST /v1/profile-proposals/:id/decline': { url: () => '/v1/profile-proposals/0/decline', allow: ['coordinator'], ok: 400 },
  'POST /v1/members/me/tokens': { url: () => '/v1/members/me/tokens', body: () => ({ name: 'laptop' }), allow: members },
  'GET /v1/members/me/tokens': { url: () => '/v1/members/me/tokens', allow: members },
  'DELETE /v1/members/me/tokens/:tokenId': { url: (w, who) => `/v1/members/me/tokens/${w.tokenOf(who)}`, allow: members },
  'POST /v1/members/:id/revoke-tokens': { url: (w) => `/v1/members/${w.a.member.id}/revoke-tokens`, allow: ['coordinator'] },
  'POST /v1/members/:id/deactivate': { url: (w) => `/v1/members/${w.b.member.id}/deactivate`, allow: ['coordinator'] },

  'POST /v1/venues': { url: () => '/v1/venues', body: (w) => ({ organizationId: w.p.park.id, name: 'Second hall', capacity: 40 }), allow: ['managerP', 'coordinator'] },
  'GET /v1/venues': { url: () => '/v1/venues', allow: members },
  'GET /v1/venues/:id': { url: (w) => `/v1/venues/${w.p.venue.id}`, allow: members },
  'GET /v1/venues/search': { url: () => `/v1/venues/search?from=2030-01-07T00:00:00%2B08:00&to=2030-01-08T00:00:00%2B08:00&duration=PT1H&capacity=1`, allow: members },
  'PATCH /v1/venues/:id': { url: (w) => `/v1/venues/${w.p.venue.id}`, body: () => ({ capacity: 60 }), allow: ['managerP', 'coordinator'] },
  'POST /v1/venues/:id/deactivate': { url: (w) => `/v1/venues/${w.p.venue.id}/deactivate`, allow: ['managerP', 'coordinator'] },
  'POST /v1/venues/:id/activate': { url: (w) => `/v1/venues/${w.p.venue.id}/activate`, allow: ['managerP', 'coordinator'] },
  'GET /v1/venues/:id/availability': {
    url: (w) => {
      const { start, end } = slot(w.d, '00:00', '23:00');
      return `/v1/venues/${w.p.venue.id}/availability?from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`;
    },
    allow: members,
  },
  'POST /v1/venues/:id/blackouts': {
    url: (w) => `/v1/venues/${w.p.venue.id}/blackouts`,
    body: (w) => ({ ...slot(w.d + 2, '08:00', '09:00'), reason: 'Repairs' }),
    allow: ['managerP', 'coordinator'],
  },
  'GET /v1/venues/:id/blackouts': { url: (w) => `/v1/venues/${w.p.venue.id}/blackouts`, allow: members },
  'DELETE /v1/venues/:id/blackouts/:blackoutId': { url: (w) => `/v1/venues/${w.p.venue.id}/blackouts/${w.blackout.id}`, allow: ['managerP', 'coordinator'] },

  'POST /v1/bookings': {
    url: () => '/v1/bookings',
    body: (w) => ({ venueId: w.p.venue.id, ...slot(w.d + 3, '10:00', '11:00'), expectedAttendance: 10, purpose: 'Meetup' }),
    allow: ['organizerA', 'organizerB', 'coordinator'],
  },
  'GET /v1/bookings': { url: () => '/v1/bookings', allow: members },
  'GET /v1/bookings/:id': { url: (w) => `/v1/bookings/${w.pending.id}`, allow: ['organizerA', 'managerP', 'coordinator'] },
  'GET /v1/bookings/:id/alternatives': { url: (w) => `/v1/bookings/${w.pending.id}/alternatives`, allow: ['organizerA', 'managerP', 'coordinator'] },
  'GET /v1/bookings/:id/history': { url: (w) => `/v1/bookings/${w.pending.id}/history`, allow: ['managerP', 'coordinator'] },
  'POST /v1/bookings/:id/approve': { url: (w) => `/v1/bookings/${w.pending.id}/approve`, body: (w) => ({ version: w.pending.version }), allow: ['managerP', 'coordinator'] },
  'POST /v1/bookings/:id/decline': { url: (w) => `/v1/bookings/${w.pending.id}/decline`, body: (w) => ({ version: w.pending.version, reason: 'Full' }), allow: ['managerP', 'coordinator'] },
  // The park may call a request off too (the venue is needed after all); the organizer is told.
  'POST /v1/bookings/:id/cancel': { url: (w) => `/v1/bookings/${w.pending.id}/cancel`, body: (w) => ({ version: w.pending.version }), allow: ['organizerA', 'managerP', 'coordinator'] },
  'POST /v1/bookings/groups/:groupId/withdraw': { url: (w) => `/v1/bookings/groups/${w.group.groupId}/withdraw`, body: () => ({}), allow: ['organizerA', 'coordinator'] },
  'POST /v1/bookings/series/:seriesId/approve': { url: (w) => `/v1/bookings/series/${w.series.seriesId}/approve`, body: () => ({}), allow: ['managerP', 'coordinator'] },
  'POST /v1/bookings/series/:seriesId/decline': { url: (w) => `/v1/bookings/series/${w.series.seriesId}/decline`, body: () => ({ reason: 'Full' }), allow: ['managerP', 'coordinator'] },
  'GET /v1/booking-links/:token': { url: () => `/v1/booking-links/${GARBAGE}`, allow: everyone, ok: 400 },
  'POST /v1/booking-links/:token': { url: () => `/v1/booking-links/${GARBAGE}`, body: () => ({}), allow: everyone, ok: 400 },

  'POST /v1/events': {
    url: () => '/v1/events',
    body: (w) => ({ title: 'Another salon', capacity: 20, bookingId: w.free.id, start: w.free.start, end: w.free.end }),
    // An event belongs to the organization holding the booking: nobody else puts one on it.
    allow: ['organizerA'],
  },
  'GET /v1/events': { url: () => '/v1/events', allow: everyone },
  'GET /v1/events/:id': { url: (w) => `/v1/events/${w.published.id}`, allow: everyone },
  'PATCH /v1/events/:id': { url: (w) => `/v1/events/${w.published.id}`, body: () => ({ title: 'Renamed salon' }), allow: ['organizerA', 'coordinator'] },
  'POST /v1/events/:id/publish': { url: (w) => `/v1/events/${w.draft.id}/publish`, allow: ['organizerA', 'coordinator'] },
  'POST /v1/events/:id/cancel': { url: (w) => `/v1/events/${w.published.id}/cancel`, body: () => ({ reason: 'Speaker ill' }), allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/ics': { url: (w) => `/v1/events/${w.published.id}/ics`, allow: everyone },
  'GET /v1/calendar.ics': { url: () => '/v1/calendar.ics', allow: everyone },
  'POST /v1/events/:id/registrations': { url: (w) => `/v1/events/${w.published.id}/registrations`, body: () => ({ name: 'Walk-in', email: `walkin-${Math.random()}@example.org` }), allow: everyone },
  'GET /v1/registrations/:token/cancel': { url: () => `/v1/registrations/${GARBAGE}/cancel`, allow: everyone, ok: 400 },
  'POST /v1/registrations/:token/cancel': { url: () => `/v1/registrations/${GARBAGE}/cancel`, body: () => ({}), allow: everyone, ok: 400 },
  'GET /v1/registrations/:token/confirm': { url: () => `/v1/registrations/${GARBAGE}/confirm`, allow: everyone, ok: 400 },
  'POST /v1/registrations/:token/confirm': { url: () => `/v1/registrations/${GARBAGE}/confirm`, body: () => ({}), allow: everyone, ok: 400 },
  'GET /v1/events/:id/registrations': { url: (w) => `/v1/events/${w.published.id}/registrations`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/registrations.csv': { url: (w) => `/v1/events/${w.published.id}/registrations.csv`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/registrations.xlsx': { url: (w) => `/v1/events/${w.published.id}/registrations.xlsx`, allow: ['organizerA', 'coordinator'] },
  'POST /v1/events/:id/checkins': { url: (w) => `/v1/events/${w.published.id}/checkins`, body: (w) => ({ registrationId: w.registration.id }), allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/poster.png': { url: (w) => `/v1/events/${w.published.id}/poster.png`, allow: everyone },
  'GET /v1/events/:id/qr.png': { url: (w) => `/v1/events/${w.published.id}/qr.png`, allow: everyone },
  'GET /v1/events/:id/cover.png': { url: (w) => `/v1/events/${w.published.id}/cover.png`, allow: everyone },
  'GET /v1/events/:id/feedback': { url: (w) => `/v1/events/${w.published.id}/feedback`, allow: ['organizerA', 'managerP', 'coordinator'] },
  'GET /v1/events/:id/door-list': { url: (w) => `/v1/events/${w.published.id}/door-list`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/attendance': { url: (w) => `/v1/events/${w.published.id}/attendance`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/events/:id/co-organizers': { url: (w) => `/v1/events/${w.published.id}/co-organizers`, allow: ['organizerA', 'coordinator'] },
  // A's event names B's organization: B's members answer for it; anyone else finds nothing to answer (404).
  'POST /v1/events/:id/co-organizers/accept': { url: (w) => `/v1/events/${namedB(w)}/co-organizers/accept`, allow: ['organizerB'] },
  'POST /v1/events/:id/co-organizers/decline': { url: (w) => `/v1/events/${namedB(w)}/co-organizers/decline`, allow: ['organizerB'] },
  'POST /v1/events/:id/invitations': {
    url: (w) => `/v1/events/${w.published.id}/invitations`,
    body: () => ({ name: 'Speaker', email: `speaker-${Math.random()}@example.org`, role: 'speaker' }),
    allow: ['organizerA', 'coordinator'],
  },
  'GET /v1/events/:id/invitations': { url: (w) => `/v1/events/${w.published.id}/invitations`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/invitations/:token': { url: () => `/v1/invitations/${GARBAGE}`, allow: everyone, ok: 400 },
  'POST /v1/invitations/:token': { url: () => `/v1/invitations/${GARBAGE}`, body: () => ({ answer: 'accept' }), allow: everyone, ok: 400 },

  'POST /v1/channels': { url: () => '/v1/channels', body: () => ({ kind: 'webhook', name: 'Another hook', config: { url: `${receiverUrl}/another` } }), allow: ['coordinator'] },
  'GET /v1/channels': { url: () => '/v1/channels', allow: ['coordinator'] },
  'PATCH /v1/channels/:id': { url: (w) => `/v1/channels/${w.channel.id}`, body: () => ({ name: 'Renamed hook' }), allow: ['coordinator'] },
  'PUT /v1/organizations/:id/request-robot': { url: (w) => `/v1/organizations/${w.p.park.id}/request-robot`, body: () => ({ kind: 'wecom_robot', key: 'matrix-key' }), allow: ['managerP', 'coordinator'] },
  'GET /v1/organizations/:id/request-robot': { url: (w) => `/v1/organizations/${w.p.park.id}/request-robot`, allow: ['managerP', 'coordinator'] },
  'DELETE /v1/organizations/:id/request-robot': { url: (w) => `/v1/organizations/${w.p.park.id}/request-robot`, allow: ['managerP', 'coordinator'] },
  'GET /v1/services': { url: () => '/v1/services', allow: everyone },
  // (a malformed day or body: 400 for whoever may call, as no service exists in this world)
  'GET /v1/services/:id/slots': { url: () => '/v1/services/1/slots?centre=1&date=soon', allow: everyone, ok: 400 },
  'POST /v1/reservations': { url: () => '/v1/reservations', body: () => ({ serviceId: 1, centreId: 1, start: 'soon', name: 'X' }), allow: everyone, ok: 400 },
  'GET /v1/reservations/:token': { url: () => `/v1/reservations/${GARBAGE}`, allow: everyone, ok: 400 },
  'POST /v1/reservations/:token/cancel': { url: () => `/v1/reservations/${GARBAGE}/cancel`, allow: everyone, ok: 400 },
  'POST /v1/reservations/:token/confirm': { url: () => `/v1/reservations/${GARBAGE}/confirm`, allow: everyone, ok: 400 },
  'POST /v1/reservations/:token/move': { url: () => `/v1/reservations/${GARBAGE}/move`, body: () => ({ start: '2030-01-07T09:00:00+08:00' }), allow: everyone, ok: 400 },
  // (no centre in this world: a malformed day, body or id is a 400 for whoever may call)
  'GET /v1/service-centres/:id/reservations': { url: () => '/v1/service-centres/1/reservations?date=soon', allow: ['coordinator'], ok: 400 },
  'POST /v1/service-centres/:id/checkins': { url: () => '/v1/service-centres/1/checkins', body: () => ({ code: '' }), allow: ['coordinator'], ok: 400 },
  'POST /v1/service-centres/:id/served': { url: () => '/v1/service-centres/1/served', body: () => ({ reservationId: 0 }), allow: ['coordinator'], ok: 400 },
  'PUT /v1/service-centres/:id/staff/:memberId': { url: () => '/v1/service-centres/0/staff/0', allow: ['coordinator'], ok: 400 },
  'DELETE /v1/service-centres/:id/staff/:memberId': { url: () => '/v1/service-centres/0/staff/0', allow: ['coordinator'], ok: 400 },
  'GET /v1/reports/green-channel': { url: () => '/v1/reports/green-channel', allow: ['coordinator'] },
  'GET /v1/service-centres': { url: () => '/v1/service-centres', allow: everyone },
  'POST /v1/service-centres': { url: () => '/v1/service-centres', body: () => ({ name: `Centre ${Math.random()}` }), allow: ['coordinator'] },
  'POST /v1/service-categories': { url: () => '/v1/service-categories', body: () => ({ code: 'matrix', name: { en: 'Matrix' } }), allow: ['coordinator'] },
  'POST /v1/services': { url: () => '/v1/services', body: () => ({ code: 'matrix-item', categoryCode: 'none', name: { en: 'X' }, durationMinutes: 30, seatsPerSlot: 0, centreIds: [] }), allow: ['coordinator'], ok: 400 },
  'POST /v1/calendar/days': { url: () => '/v1/calendar/days', body: () => ({ date: '2031-01-06', kind: 'holiday', name: 'Matrix' }), allow: ['coordinator'] },
  'GET /v1/channels/:id/broadcast': { url: (w) => `/v1/channels/${w.channel.id}/broadcast`, allow: ['coordinator'], ok: 409 }, // a webhook gathers no daily send
  'POST /v1/channels/:id/flush': { url: (w) => `/v1/channels/${w.channel.id}/flush`, allow: ['coordinator'], ok: 409 },
  'POST /v1/channels/:id/test': { url: (w) => `/v1/channels/${w.channel.id}/test`, allow: ['coordinator'] },
  'GET /v1/announcements': { url: (w) => `/v1/announcements?eventId=${w.published.id}`, allow: ['organizerA', 'coordinator'] },
  'GET /v1/announcements/:id/deliveries': { url: (w) => `/v1/announcements/${w.announcement.id}/deliveries`, allow: ['organizerA', 'coordinator'] },
  'POST /v1/deliveries/:id/retry': { url: (w) => `/v1/deliveries/${w.delivery.id}/retry`, allow: ['coordinator'] },

  'POST /v1/subscribers': { url: () => '/v1/subscribers', body: () => ({ email: `reader-${Math.random()}@example.org` }), allow: everyone },
  'GET /v1/subscribers/confirm': { url: () => `/v1/subscribers/confirm?token=${GARBAGE}`, allow: everyone, ok: 400 },
  'POST /v1/subscribers/confirm': { url: () => `/v1/subscribers/confirm?token=${GARBAGE}`, allow: everyone, ok: 400 },
  'GET /v1/subscribers/preferences': { url: () => `/v1/subscribers/preferences?token=${GARBAGE}`, allow: everyone, ok: 400 },
  'PUT /v1/subscribers/preferences': { url: () => `/v1/subscribers/preferences?token=${GARBAGE}`, body: () => ({ topics: [] }), allow: everyone, ok: 400 },
  'GET /v1/subscribers/unsubscribe': { url: () => `/v1/subscribers/unsubscribe?token=${GARBAGE}`, allow: everyone, ok: 400 },
  'POST /v1/subscribers/unsubscribe': { url: () => `/v1/subscribers/unsubscribe?token=${GARBAGE}`, body: () => ({}), allow: everyone, ok: 400 },
  'GET /v1/subscribers': { url: () => '/v1/subscribers', allow: ['coordinator'] },

  // Each park manager sees their own park's figures.
  'GET /v1/reports/impact': { url: () => '/v1/reports/impact', allow: ['managerP', 'managerQ', 'coordinator'] },
};

/** The API documentation and the web pages (tests/web; they use sessions, not tokens) are not part of the table. */
const isApi = (url: string) => url.startsWith('/v1') || ['/openapi.json', '/healthz', '/readyz'].includes(url);

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver((request) => ({ status: request.path === '/refuse' ? 400 : 200 }));
  receiverUrl = receiver.url;
  t = await startTestApp({ CHANNEL_ALLOW_HOSTS: '127.0.0.1', REGISTER_LIMIT_PER_IP: '100000', SUBSCRIBE_LIMIT_PER_IP: '100000' });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe('permission matrix', () => {
  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const registered = t.app
      .routeAccess()
      .filter((route) => route.method !== 'HEAD' && isApi(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('lets in exactly the callers each route allows', async () => {
    // Reads share one world. A write gets a fresh world after every call that was let in (it may
    // have changed what the next caller finds); a refused call changes nothing (the fuzz test checks
    // that no refusal commits a write), so the next caller may use the same world.
    const shared = await buildWorld(t.app);
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(MATRIX)) {
      const method = key.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      let unused: World | undefined;
      for (const who of PRINCIPALS) {
        const w = method === 'GET' ? shared : (unused ??= await buildWorld(t.app));
        const body = row.body?.(w);
        const res = await t.app.inject({ method, url: row.url(w, who), headers: w.auth[who], ...(body !== undefined ? { payload: body as object } : method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
        const verdict: Verdict | 'other' = [401, 403, 404].includes(res.statusCode) ? 'deny' : (res.statusCode >= 200 && res.statusCode < 300) || res.statusCode === row.ok ? 'allow' : 'other';
        const expected: Verdict = row.allow.includes(who) ? 'allow' : 'deny';
        if (verdict !== 'deny') unused = undefined;
        if (verdict !== expected) wrong.push(`${key} as ${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements } from '../../src/db/schema.js';
import { isPageUrl } from '../../src/web/frame/web-plugin.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser } from '../helpers/page-browser.js';
import { createCentre, upsertCategory, upsertItem } from '../../src/green-channel/catalogue.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { seedOrganizer, seedVenue } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Every page × every kind of visitor. The table is checked against the page routes the app
 * registers: a new page without a row fails here. For each page: who may open it (200 for a GET),
 * who is sent to sign in (anonymous on a members' page: 303 to /signin), who is refused (403),
 * and that every POST without the form's CSRF field is refused (403) whoever sends it.
 */
type Visitor = 'anonymous' | 'organizer' | 'manager' | 'otherManager' | 'coordinator';
const VISITORS: Visitor[] = ['anonymous', 'organizer', 'manager', 'otherManager', 'coordinator'];

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld(app: TestApp['app']) {
  const published = await seedPublishedEvent(app); // organizer, manager of park P, venue, event
  const other = await seedVenue(app); // park Q with its manager
  const coordinator = seedMember(app, 'coordinator');
  await registerFor(app, published.event.id, 'Guest', 'guest@example.org');
  const announcement = await waitFor(() => app.db.select().from(announcements).get(), 'the announcement');
  const centre = createCentre(app.deps, { name: 'Centre for the matrix' });
  upsertCategory(app.deps, 'matrix', { en: 'Matrix' });
  const service = upsertItem(app.deps, { code: 'matrix', categoryCode: 'matrix', name: { en: 'Matrix service' }, durationMinutes: 30, seatsPerSlot: 1, centreIds: [centre.id] });
  return { ...published, other, coordinator, announcement, centre, service, stranger: seedOrganizer(app) };
}

const everyone: Visitor[] = VISITORS;
const members: Visitor[] = ['organizer', 'manager', 'otherManager', 'coordinator'];
const requesters: Visitor[] = ['organizer', 'coordinator'];
const parkP: Visitor[] = ['manager', 'coordinator'];
const managers: Visitor[] = ['manager', 'otherManager', 'coordinator'];
const coordinators: Visitor[] = ['coordinator'];

/** Who may open each page; `get` pages answer 200 to them. POST pages are checked for CSRF and role refusals. */
const PAGES: Record<string, { url: () => string; allow: Visitor[]; signedLink?: boolean }> = {
  'GET /': { url: () => '/?topic=ai', allow: everyone },
  'GET /signin': { url: () => '/signin', allow: everyone },
  'POST /signin': { url: () => '/signin', allow: everyone },
  'GET /signin/:token': { url: () => '/signin/garbage.garbage', allow: [] }, // a bad link: 400 for all
  'POST /signin/:token': { url: () => '/signin/garbage.garbage', allow: [] },
  'POST /signin/:token/renew': { url: () => '/signin/garbage.garbage/renew', allow: [] },
  'POST /signout': { url: () => '/signout', allow: everyone },
  'GET /events/:id': { url: () => `/events/${world.event.id}`, allow: everyone },
  'POST /events/:id/register': { url: () => `/events/${world.event.id}/register`, allow: everyone },
  'GET /subscribe': { url: () => '/subscribe', allow: everyone },
  'POST /subscribe': { url: () => '/subscribe', allow: everyone },
  'GET /subscription': { url: () => '/subscription?token=garbage.garbage', allow: [] },
  'POST /subscription': { url: () => '/subscription', allow: everyone },
  'POST /subscription/unsubscribe': { url: () => '/subscription/unsubscribe', allow: everyone },
  'GET /privacy': { url: () => '/privacy', allow: everyone },
  'POST /privacy': { url: () => '/privacy', allow: everyone },
  'GET /privacy/me': { url: () => '/privacy/me?token=garbage.garbage', allow: [] }, // a bad link: 400 for all
  'GET /privacy/me.json': { url: () => '/privacy/me.json?token=garbage.garbage', allow: [] },
  'POST /privacy/me/erase': { url: () => '/privacy/me/erase', allow: everyone },
  'GET /home': { url: () => '/home', allow: members },
  'POST /my/co-organizing/:id/accept': { url: () => `/my/co-organizing/${world.event.id}/accept`, allow: members },
  'POST /my/co-organizing/:id/decline': { url: () => `/my/co-organizing/${world.event.id}/decline`, allow: members },
  'GET /my/bookings': { url: () => '/my/bookings', allow: requesters },
  'GET /my/bookings/new': { url: () => `/my/bookings/new?venueId=${world.venue.id}&date=2030-01-07`, allow: requesters },
  'POST /my/bookings/:id/withdraw': { url: () => `/my/bookings/${world.booking.id}/withdraw`, allow: requesters },
  'POST /my/bookings': { url: () => '/my/bookings', allow: requesters },
  'GET /my/bookings/:id': { url: () => `/my/bookings/${world.booking.id}`, allow: requesters },
  'POST /my/bookings/:id/instead': { url: () => `/my/bookings/${world.booking.id}/instead`, allow: requesters },
  'POST /my/bookings/group': { url: () => '/my/bookings/group', allow: requesters },
  'POST /my/bookings/groups/:groupId/withdraw': { url: () => '/my/bookings/groups/none/withdraw', allow: requesters },
  'GET /tickets/:token': { url: () => '/tickets/garbage', allow: [] }, // not a ticket: 400 for all
  'GET /my/events/:id/registrations.csv': { url: () => `/my/events/${world.event.id}/registrations.csv`, allow: ['organizer', 'coordinator'] },
  'GET /my/events/:id/registrations.xlsx': { url: () => `/my/events/${world.event.id}/registrations.xlsx`, allow: ['organizer', 'coordinator'] },
  'POST /tickets/:token/checkin': { url: () => '/tickets/garbage/checkin', allow: [] },
  'GET /my/events/:id/scan': { url: () => `/my/events/${world.event.id}/scan`, allow: ['organizer', 'coordinator'] },
  'GET /my/events/:id/scan/list': { url: () => `/my/events/${world.event.id}/scan/list`, allow: ['organizer', 'coordinator'] },
  'POST /my/events/:id/scan': { url: () => `/my/events/${world.event.id}/scan`, allow: ['organizer', 'coordinator'] },
  'GET /my/events/:id/door': { url: () => `/my/events/${world.event.id}/door`, allow: ['organizer', 'coordinator'] },
  'GET /events/:id/here': { url: () => `/events/${world.event.id}/here`, allow: everyone },
  'POST /events/:id/here': { url: () => `/events/${world.event.id}/here`, allow: everyone },
  'GET /parks': { url: () => '/parks', allow: everyone },
  'GET /alliance': { url: () => '/alliance', allow: everyone },
  'GET /parks/:id': { url: () => `/parks/${world.manager.organization.id}`, allow: everyone },
  'GET /venues/search': { url: () => '/venues/search', allow: members },
  'GET /my/events': { url: () => '/my/events', allow: members },
  'GET /my/events/new': { url: () => '/my/events/new', allow: members },
  'POST /my/events': { url: () => '/my/events', allow: members },
  'GET /my/events/:id': { url: () => `/my/events/${world.event.id}`, allow: ['organizer', 'coordinator'] },
  'POST /my/events/:id': { url: () => `/my/events/${world.event.id}`, allow: ['organizer', 'coordinator'] },
  'POST /my/events/:id/publish': { url: () => `/my/events/${world.event.id}/publish`, allow: ['organizer', 'coordinator'] },
  'POST /my/events/:id/cancel': { url: () => `/my/events/${world.event.id}/cancel`, allow: ['organizer', 'coordinator'] },
  'GET /my/events/:id/checkin': { url: () => `/my/events/${world.event.id}/checkin`, allow: ['organizer', 'coordinator'] },
  'POST /my/events/:id/checkin': { url: () => `/my/events/${world.event.id}/checkin`, allow: ['organizer', 'coordinator'] },
  'GET /park/inbox': { url: () => '/park/inbox', allow: managers },
  'POST /park/bookings/:id/approve': { url: () => `/park/bookings/${world.booking.id}/approve`, allow: parkP },
  'POST /park/bookings/:id/decline': { url: () => `/park/bookings/${world.booking.id}/decline`, allow: parkP },
  'GET /green-channel': { url: () => '/green-channel', allow: everyone },
  'GET /green-channel/:id': { url: () => `/green-channel/${world.service.id}`, allow: everyone },
  'POST /green-channel/:id/reserve': { url: () => `/green-channel/${world.service.id}/reserve`, allow: everyone },
  'GET /office/green-channel': { url: () => '/office/green-channel', allow: coordinators },
  'GET /office/privacy': { url: () => '/office/privacy', allow: coordinators },
  'POST /office/privacy/show': { url: () => '/office/privacy/show', allow: coordinators },
  'POST /office/privacy/export.json': { url: () => '/office/privacy/export.json', allow: coordinators },
  'POST /office/privacy/erase': { url: () => '/office/privacy/erase', allow: coordinators },
  'POST /office/green-channel/centres': { url: () => '/office/green-channel/centres', allow: coordinators },
  'POST /office/green-channel/services': { url: () => '/office/green-channel/services', allow: coordinators },
  'POST /office/green-channel/days': { url: () => '/office/green-channel/days', allow: coordinators },
  'GET /counter': { url: () => '/counter', allow: coordinators },
  'GET /counter/:id': { url: () => `/counter/${world.centre.id}`, allow: coordinators },
  'POST /counter/:id/checkin': { url: () => `/counter/${world.centre.id}/checkin`, allow: coordinators },
  'POST /counter/:id/served': { url: () => `/counter/${world.centre.id}/served`, allow: coordinators },
  'GET /park/robot': { url: () => '/park/robot', allow: ['manager', 'otherManager'] },
  'POST /park/robot': { url: () => '/park/robot', allow: ['manager', 'otherManager'] },
  'POST /park/robot/remove': { url: () => '/park/robot/remove', allow: ['manager', 'otherManager'] },
  'GET /park/venues': { url: () => '/park/venues', allow: managers },
  'POST /park/venues': { url: () => '/park/venues', allow: managers },
  'GET /park/venues/:id': { url: () => `/park/venues/${world.venue.id}`, allow: parkP },
  'POST /park/venues/:id/blackouts': { url: () => `/park/venues/${world.venue.id}/blackouts`, allow: parkP },
  'GET /park/venues/:id/edit': { url: () => `/park/venues/${world.venue.id}/edit`, allow: parkP },
  'POST /park/venues/:id/edit': { url: () => `/park/venues/${world.venue.id}/edit`, allow: parkP },
  'POST /park/venues/:id/blackouts/:blackoutId/delete': { url: () => `/park/venues/${world.venue.id}/blackouts/1/delete`, allow: parkP },
  'GET /office/organizations': { url: () => '/office/organizations', allow: coordinators },
  'POST /office/organizations': { url: () => '/office/organizations', allow: coordinators },
  'GET /office/organizations/:id': { url: () => `/office/organizations/${world.park.id}`, allow: coordinators },
  'POST /office/organizations/:id/members': { url: () => `/office/organizations/${world.park.id}/members`, allow: coordinators },
  'GET /office/organizations/:id/profile': { url: () => `/office/organizations/${world.park.id}/profile`, allow: coordinators },
  'POST /office/organizations/:id/profile': { url: () => `/office/organizations/${world.park.id}/profile`, allow: coordinators },
  'GET /office/profiles': { url: () => '/office/profiles', allow: coordinators },
  'POST /office/profiles/:id/approve': { url: () => '/office/profiles/1/approve', allow: coordinators },
  'POST /office/profiles/:id/decline': { url: () => '/office/profiles/1/decline', allow: coordinators },
  'GET /my/organization': { url: () => '/my/organization', allow: members },
  'GET /review': { url: () => '/review', allow: members },
  'GET /review.csv': { url: () => '/review.csv', allow: members },
  'POST /my/organization': { url: () => '/my/organization', allow: members },
  'POST /office/members/:id/deactivate': { url: () => `/office/members/${world.stranger.member.id}/deactivate`, allow: coordinators },
  'GET /office/channels': { url: () => '/office/channels', allow: coordinators },
  'GET /office/channels/new': { url: () => '/office/channels/new?kind=webhook', allow: coordinators },
  'POST /office/channels': { url: () => '/office/channels', allow: coordinators },
  'POST /office/channels/:id/flush': { url: () => '/office/channels/1/flush', allow: coordinators },
  'POST /office/channels/:id/test': { url: () => '/office/channels/1/test', allow: coordinators },
  'GET /office/announcements': { url: () => '/office/announcements', allow: coordinators },
  'GET /office/announcements/:id': { url: () => `/office/announcements/${world.announcement.id}`, allow: coordinators },
  'POST /office/announcements/:id/retry-dead': { url: () => `/office/announcements/${world.announcement.id}/retry-dead`, allow: coordinators },
  'POST /office/deliveries/:id/retry': { url: () => '/office/deliveries/1/retry', allow: coordinators },
  'GET /office/report': { url: () => '/office/report', allow: ['manager', 'otherManager', 'coordinator'] },
  'GET /office/report/green-channel.csv': { url: () => '/office/report/green-channel.csv', allow: coordinators },
  'GET /office/report.csv': { url: () => '/office/report.csv?groupBy=month', allow: ['manager', 'otherManager', 'coordinator'] },
  // The pages behind signed links in mails: the link is the key (no sign-in, no CSRF field); a bad one is a 400 for all.
  'GET /booking-links/:token': { url: () => '/booking-links/garbage.garbage', allow: [], signedLink: true },
  'POST /booking-links/:token': { url: () => '/booking-links/garbage.garbage', allow: [], signedLink: true },
  'GET /registrations/:token/cancel': { url: () => '/registrations/garbage.garbage/cancel', allow: [], signedLink: true },
  'POST /registrations/:token/cancel': { url: () => '/registrations/garbage.garbage/cancel', allow: [], signedLink: true },
  'GET /registrations/:token/confirm': { url: () => '/registrations/garbage.garbage/confirm', allow: [], signedLink: true },
  'POST /registrations/:token/confirm': { url: () => '/registrations/garbage.garbage/confirm', allow: [], signedLink: true },
  'GET /reservations/:token': { url: () => '/reservations/garbage.garbage', allow: [], signedLink: true },
  'POST /reservations/:token/cancel': { url: () => '/reservations/garbage.garbage/cancel', allow: [], signedLink: true },
  'POST /reservations/:token/confirm': { url: () => '/reservations/garbage.garbage/confirm', allow: [], signedLink: true },
  'POST /reservations/:token/move': { url: () => '/reservations/garbage.garbage/move', allow: [], signedLink: true },
  'GET /feedback/:token': { url: () => '/feedback/garbage.garbage', allow: [], signedLink: true },
  'POST /feedback/:token': { url: () => '/feedback/garbage.garbage', allow: [], signedLink: true },
  'GET /invitations/:token': { url: () => '/invitations/garbage.garbage', allow: [], signedLink: true },
  'POST /invitations/:token': { url: () => '/invitations/garbage.garbage', allow: [], signedLink: true },
  'GET /subscribers/confirm': { url: () => '/subscribers/confirm?token=garbage.garbage', allow: [], signedLink: true },
  'POST /subscribers/confirm': { url: () => '/subscribers/confirm?token=garbage.garbage', allow: [], signedLink: true },
  'GET /subscribers/unsubscribe': { url: () => '/subscribers/unsubscribe?token=garbage.garbage', allow: [], signedLink: true },
  'POST /subscribers/unsubscribe': { url: () => '/subscribers/unsubscribe?token=garbage.garbage', allow: [], signedLink: true },
};

function as(visitor: Visitor) {
  const b = browser(t.app);
  const member = { organizer: world.organizer, manager: world.manager, otherManager: world.other.manager, coordinator: world.coordinator, anonymous: null }[visitor];
  return member ? b.as(member.member.id) : b;
}

beforeAll(async () => {
  t = await startTestApp();
  world = await buildWorld(t.app);
});
afterAll(async () => t?.close());

describe('page access matrix', () => {
  it('has a row for every page the app registers, and no row for a page that does not exist', () => {
    const registered = t.app
      .routeAccess()
      .filter((route) => route.method !== 'HEAD' && isPageUrl(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((key) => !(key in PAGES))).toEqual([]);
    expect(Object.keys(PAGES).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('opens each page to the visitors it is for, sends anonymous visitors to sign in and refuses the others', async () => {
    const wrong: string[] = [];
    for (const [key, page] of Object.entries(PAGES).filter(([k]) => k.startsWith('GET '))) {
      for (const visitor of VISITORS) {
        const res = await as(visitor).get(page.url());
        const publicPage = page.allow.length === 0 || page.allow.includes('anonymous');
        const expected = page.allow.includes(visitor) ? 200 : page.allow.length === 0 ? 400 : visitor === 'anonymous' && !publicPage ? 303 : 403;
        if (res.statusCode !== expected) wrong.push(`${key} as ${visitor}: ${res.statusCode}, expected ${expected}`);
        if (res.statusCode !== 303 && !String(res.headers['content-type']).match(/text\/(html|csv)|spreadsheetml|application\/json/)) wrong.push(`${key} as ${visitor}: ${String(res.headers['content-type'])}`);
        if (res.statusCode === 303 && !String(res.headers.location).startsWith('/signin?next=')) wrong.push(`${key} as ${visitor}: to ${res.headers.location}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every form post without the CSRF field (403), whoever sends it, and changes nothing', async () => {
    const wrong: string[] = [];
    for (const [key, page] of Object.entries(PAGES).filter(([k, p]) => k.startsWith('POST ') && !p.signedLink)) {
      for (const visitor of VISITORS) {
        const b = as(visitor);
        await b.get('/');
        const res = await b.post(page.url(), { reason: 'x', version: '1', name: 'x', email: 'x@example.org' }, false);
        if (res.statusCode !== 403 || !res.body.includes('form has expired')) wrong.push(`${key} as ${visitor}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    expect((await as('anonymous').get(`/events/${world.event.id}`)).body).not.toContain('cancelled');
  });

  it('refuses a form post from a role the page is not for (403), and sends anonymous visitors to sign in', async () => {
    const wrong: string[] = [];
    for (const [key, page] of Object.entries(PAGES).filter(([k]) => k.startsWith('POST '))) {
      for (const visitor of VISITORS.filter((v) => !page.allow.includes(v) && page.allow.length > 0 && !page.allow.includes('anonymous'))) {
        const b = as(visitor);
        await b.get('/signin'); // any page with a form, for the CSRF field
        const res = await b.post(page.url(), { reason: 'x', version: '1' });
        const expected = visitor === 'anonymous' ? 303 : 403;
        if (res.statusCode !== expected) wrong.push(`${key} as ${visitor}: ${res.statusCode}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

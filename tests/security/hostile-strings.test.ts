import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { createMember } from '../../src/members/members-service.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { csrfToken, startSession } from '../../src/web/frame/web-session.js';
import { isPageUrl } from '../../src/web/frame/web-plugin.js';
import { addChannel } from '../helpers/channel-fixtures.js';
import { settle } from '../helpers/settle.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { ALL_DAY, slot } from '../helpers/venue-fixtures.js';

/**
 * Every text a person can type, made hostile, then every page opened as every kind of visitor:
 * the markup must never come back as markup. The pages are built with the html`` template, which
 * escapes what it interpolates; this test is what holds it to that.
 */
const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
const SHORT = `<b onclick=x>"'&`; // for fields with a short limit
const SEED_CSRF = 'hostile-seed-0123456789abcdef';

let t: TestApp;
const ids: Record<string, number> = {};
let visitors: Array<{ name: string; cookie: string; csrf: string }> = [];

beforeAll(async () => {
  t = await startTestApp({ CHANNEL_ALLOW_HOSTS: '127.0.0.1' });
  const app = t.app;
  const office = createOrganization(app.deps, { name: `Office ${HOSTILE}`, kind: 'coordinator' });
  const park = createOrganization(app.deps, { name: `Park ${HOSTILE}`, kind: 'park' });
  const grassroots = createOrganization(app.deps, { name: `Club ${HOSTILE}`, kind: 'grassroots' });
  // Member names too: they show on every page the member sees, in lists and in mails.
  const member = (organization: { id: number }, role: 'coordinator' | 'park_manager' | 'organizer', email: string) => {
    const { member, token } = createMember(app.deps, organization.id, { name: `${role} ${SHORT}`, email, role, language: 'en' });
    return { member, auth: { authorization: `Bearer ${token}` } };
  };
  const coordinator = member(office, 'coordinator', 'office@example.org');
  const manager = member(park, 'park_manager', 'manager@example.org');
  const organizer = member(grassroots, 'organizer', 'organizer@example.org');
  // A confirmed subscriber, so the event's notice (an HTML mail) is written too.
  await app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email: 'fan@example.org' } });
  const confirmLink = /https?:\/\/\S+\/subscribers\/confirm\?token=[\w.-]+/.exec(app.db.select().from(emails).all().find((mail) => mail.toAddress === 'fan@example.org')!.text)![0];
  await app.inject({ method: 'POST', url: new URL(confirmLink).pathname + new URL(confirmLink).search });
  const venue = (await app.inject({ method: 'POST', url: '/v1/venues', headers: manager.auth, payload: { organizationId: park.id, name: `Hall ${SHORT}`, address: `Road ${HOSTILE}`, capacity: 50, amenities: [SHORT], openingHours: ALL_DAY } })).json();
  ids.venue = venue.id;
  await app.inject({ method: 'POST', url: `/v1/venues/${venue.id}/blackouts`, headers: manager.auth, payload: { ...slot(2, '08:00', '09:00'), reason: `Repairs ${HOSTILE}` } });
  const booking = (await app.inject({ method: 'POST', url: '/v1/bookings', headers: organizer.auth, payload: { venueId: venue.id, ...slot(5, '14:00', '18:00'), expectedAttendance: 20, purpose: `Meetup ${HOSTILE}` } })).json();
  ids.booking = booking.id;
  await app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: manager.auth, payload: { note: `Welcome ${HOSTILE}` } });
  const declined = (await app.inject({ method: 'POST', url: '/v1/bookings', headers: organizer.auth, payload: { venueId: venue.id, ...slot(6, '14:00', '15:00'), expectedAttendance: 20, purpose: `Second ${HOSTILE}` } })).json();
  await app.inject({ method: 'POST', url: `/v1/bookings/${declined.id}/decline`, headers: manager.auth, payload: { reason: `No ${HOSTILE}` } });
  await app.inject({ method: 'POST', url: '/v1/bookings', headers: organizer.auth, payload: { venueId: venue.id, ...slot(7, '14:00', '15:00'), expectedAttendance: 20, purpose: `Pending ${HOSTILE}` } });
  const event = (await app.inject({ method: 'POST', url: '/v1/events', headers: organizer.auth, payload: { bookingId: booking.id, ...slot(5, '14:00', '18:00'), title: `Salon ${SHORT}`, summary: `Talk ${HOSTILE}`, body: `Line one ${HOSTILE}\nLine two ${HOSTILE}`, topics: ['ai'], capacity: 30 } })).json();
  ids.event = event.id;
  await app.inject({ method: 'POST', url: `/v1/events/${event.id}/publish`, headers: organizer.auth });
  await app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: `Guest ${HOSTILE}`, email: 'guest@example.org' } });
  await app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: organizer.auth, payload: { name: `Speaker ${SHORT}`, email: 'speaker@example.org', role: 'speaker' } });
  await addChannel(app, { kind: 'webhook', name: `Hook ${SHORT}`, topics: [SHORT.replace(/\s/g, '')], config: { url: 'http://127.0.0.1:9/refuse' } });
  await settle(app);
  ids.organization = grassroots.id;
  ids.park = park.id;

  const visitor = (name: string, memberId?: number) => {
    const session = memberId ? startSession(app.db, memberId) : undefined;
    return { name, cookie: `cl_csrf=${SEED_CSRF}${session ? `; cl_session=${session}` : ''}`, csrf: csrfToken(app.secretKey, SEED_CSRF, session) };
  };
  visitors = [visitor('anonymous'), visitor('organizer', organizer.member.id), visitor('manager', manager.member.id), visitor('coordinator', coordinator.member.id)];
});
afterAll(() => t?.close());

/** The site's own markup shown as text: a template that went into another as a string (escaped twice). */
function ownMarkupAsText(body: string): string[] {
  return [...body.matchAll(/&lt;\/?(span|li|p|tr|td|th|div|option|input|form|button|strong|ul|h2|label|select|table|br)\b/g)].map((m) => m[0]);
}

/** Markup from a person that came back as markup: a tag they typed, or an attribute that runs script. */
function unescaped(body: string): string[] {
  // Quoted attribute values hold escaped text (a typed quote is &quot;): set them aside first.
  const tags = body.replace(/"[^"]*"/g, '""');
  // The site's own images (a ticket's QR) and scripts (the scan page's) have a quoted src; the typed ones have none.
  return [/<script(?! src="" defer><\/script>)/i, /<img\b(?![^<>]*\bsrc="")/i, /<b onclick/i, /<[a-z][^<>]*\son\w+=/i].filter((pattern) => pattern.test(tags)).map(String);
}

describe('hostile text in every field', () => {
  it('comes back escaped on every page, for every kind of visitor', async () => {
    const routes = t.app
      .routeAccess()
      .filter((route) => route.method === 'GET' && isPageUrl(route.url) && !route.url.includes(':token'))
      .map((route) => route.url.replace(':id', String(ids.event)).replace(':venueId', String(ids.venue)).replace(/:(\w+)/g, (_m, name: string) => String(ids[name] ?? ids.event)));
    // Pages that show lists and details of what was seeded, with the filters people use.
    const urls = [...new Set([...routes, `/park/venues/${ids.venue}`, `/my/events/${ids.event}`, `/my/events/${ids.event}/checkin`, `/office/organizations/${ids.organization}`, `/my/bookings/new?venueId=${ids.venue}&date=${slot(5, '00:00', '00:00').start.slice(0, 10)}`, `/?topic=${encodeURIComponent(HOSTILE)}`, `/events/${ids.event}`])];
    expect(urls.length).toBeGreaterThan(15);
    let pagesSeen = 0;
    const shownEscaped = new Set<string>();
    for (const url of urls) {
      for (const visitor of visitors) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: visitor.cookie, accept: 'text/html' } });
        if (!String(res.headers['content-type']).startsWith('text/html')) continue;
        pagesSeen++;
        expect(unescaped(res.body), `${url} as ${visitor.name}`).toEqual([]);
        expect(ownMarkupAsText(res.body), `${url} as ${visitor.name}`).toEqual([]);
        if (res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;')) shownEscaped.add(url);
      }
    }
    expect(pagesSeen).toBeGreaterThan(40);
    // The hostile text is there, as text, on the pages that show it.
    for (const url of [`/events/${ids.event}`, '/park/inbox', '/my/bookings', `/park/venues/${ids.venue}`, '/office/organizations']) expect([...shownEscaped]).toContain(url);
  });

  it('comes back escaped in every form re-rendered with a refusal', async () => {
    const coordinator = visitors[3]!;
    const forms: Array<[string, Record<string, string>]> = [
      ['/office/organizations', { name: HOSTILE, kind: 'nonsense', contactEmail: HOSTILE }],
      ['/office/channels', { name: HOSTILE, kind: 'webhook', url: HOSTILE }],
      [`/events/${ids.event}/register`, { name: HOSTILE, email: HOSTILE }],
      ['/subscribe', { email: HOSTILE }],
    ];
    for (const [url, fields] of forms) {
      const res = await t.app.inject({ method: 'POST', url, headers: { cookie: coordinator.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, _csrf: coordinator.csrf }).toString() });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(unescaped(res.body), url).toEqual([]);
    }
  });

  it('comes back escaped in every HTML mail', async () => {
    // Without SMTP_URL every mail sent is an .eml file: the notices, confirmations and welcomes.
    const files = fs.readdirSync(t.config.mailDir).filter((name) => name.endsWith('.eml'));
    const mails = await Promise.all(files.map(async (name) => simpleParser(fs.readFileSync(path.join(t.config.mailDir, name)))));
    const withHtml = mails.filter((mail) => typeof mail.html === 'string');
    expect(withHtml.map((mail) => mail.subject)).toContainEqual(expect.stringContaining('Salon'));
    for (const mail of withHtml) expect(unescaped(mail.html as string), mail.subject).toEqual([]);
  });
});

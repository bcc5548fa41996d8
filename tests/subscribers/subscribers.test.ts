import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { subscribers } from '../../src/db/schema.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { seedMember, useTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail({ SUBSCRIBE_LIMIT_PER_ADDRESS: '3', BOUNCE_LIMIT: '1', UNSUBSCRIBE_MAILTO: 'leave@chuanglian.test' });

const subscribe = (payload: object, ip = '203.0.113.7') => t.app.inject({ method: 'POST', url: '/v1/subscribers', payload, remoteAddress: ip });
const path = (url: string) => url.replace('http://chuanglian.test', '');
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

/** Subscribes and confirms through the mailed link, as a person would. */
async function subscribed(email: string, preferences: object = {}) {
  expect((await subscribe({ email, language: 'en', ...preferences })).statusCode).toBe(202);
  const mail = await waitFor(() => t.sink.mailTo(email).find((m) => m.subject?.startsWith('Confirm your subscription')), `confirmation to ${email}`);
  const link = mail.text!.match(/http:\/\/chuanglian\.test\S+confirm\?token=\S+/)![0];
  // Opening the link (a mail scanner does too) only shows what it would do.
  const opened = await t.app.inject({ method: 'GET', url: path(link) });
  expect(opened.json()).toMatchObject({ email, status: 'pending' });
  const page = await t.app.inject({ method: 'GET', url: path(link), headers: { accept: 'text/html', 'accept-language': 'en' } });
  expect(page.body).toContain('<form method="post"><button type="submit" class="primary">Yes, subscribe</button></form>');
  expect(t.app.db.select().from(subscribers).all().find((s) => s.email === email)!.status).toBe('pending');
  const confirmed = await t.app.inject({ method: 'POST', url: path(link) });
  expect(confirmed.json()).toMatchObject({ email, status: 'confirmed' });
  return link;
}

const noticesTo = (email: string) => t.sink.mailTo(email).filter((m) => !m.subject?.startsWith('Confirm'));

describe('subscribers', () => {
  it('hears only of matching events, with an .ics and one-click unsubscribe; after unsubscribing, nothing more', async () => {
    await subscribed('mei@founder.example', { topics: ['AI'] });
    await publishOnlineEvent(t.app, { title: 'Retail meetup', topics: ['retail'] });
    const { event } = await publishOnlineEvent(t.app, { title: 'AI agents night', topics: ['ai'], summary: 'Demos and drinks.' });

    const notice = await waitFor(() => noticesTo('mei@founder.example').find((m) => m.subject === 'New event: AI agents night'), 'the matching notice');
    expect(notice.text).toMatch(/When: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, 19:00–20:00\n/); // as people write it; Shanghai is not named
    expect(notice.text).toContain(`http://chuanglian.test/events/${event.id}`);
    expect(notice.html).toContain('Demos and drinks.');
    const ics = notice.attachments.find((a) => a.filename?.endsWith('.ics'))!;
    const vevent = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${event.id}@chuanglian.test`);
    expect(header(notice, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeHeader = header(notice, 'list-unsubscribe')!;
    expect(unsubscribeHeader).toContain('<mailto:leave@chuanglian.test?subject=unsubscribe>');

    // What a mail client does for RFC 8058: POST the URL with that one form field, nothing else.
    const url = unsubscribeHeader.match(/<(http[^>]+)>/)![1]!;
    const done = await t.app.inject({ method: 'POST', url: path(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.json()).toMatchObject({ status: 'unsubscribed' });
    expect((await t.app.inject({ method: 'POST', url: path(url) })).json().status).toBe('unsubscribed'); // idempotent
    expect((await t.app.inject({ method: 'GET', url: path(url), headers: { accept: 'text/html' } })).body).toContain('<form method="post">');

    const later = await publishOnlineEvent(t.app, { title: 'AI after hours', topics: ['ai'] });
    await waitFor(async () => (await t.app.inject({ method: 'GET', url: `/v1/announcements?eventId=${later.event.id}`, headers: later.organizer.auth })).json().items[0]?.fannedOutAt, 'fanned out');
    await t.app.outbox.flush();
    expect(noticesTo('mei@founder.example').map((m) => m.subject)).toEqual(['New event: AI agents night']);
  });

  it('answers the same whether or not an address is known', async () => {
    await subscribed('known@founder.example');
    const known = await subscribe({ email: 'known@founder.example' });
    const unknown = await subscribe({ email: 'stranger@founder.example' });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.body).toBe(unknown.body);
  });

  it('refuses tampered tokens (400) and superseded confirmation links (410)', async () => {
    const first = await subscribed('twice@founder.example');
    expect((await subscribe({ email: 'twice@founder.example', topics: ['biotech'] })).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'GET', url: path(first) })).statusCode).toBe(410);
    const tampered = path(first).replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`);
    expect((await t.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/v1/subscribers/preferences?token=garbage.garbage' })).statusCode).toBe(400);
  });

  it('limits subscribe requests per address, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await subscribe({ email: 'eager@founder.example' }, `198.51.100.${i}`)).statusCode).toBe(202);
    const refused = await subscribe({ email: 'eager@founder.example' }, '198.51.100.99');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 429, type: '/problems/too-many-requests' });
  });

  it('refuses a malformed email', async () => {
    expect((await subscribe({ email: 'not an email' })).json()).toMatchObject({ status: 400, field: 'email' });
  });

  it('changes preferences through the signed link', async () => {
    await subscribed('prefs@founder.example');
    const notice = await (async () => {
      await publishOnlineEvent(t.app, { title: 'Anything goes' });
      return waitFor(() => noticesTo('prefs@founder.example')[0], 'a notice');
    })();
    const pageUrl = path(notice.text!.match(/Preferences: (\S+)/)![1]!);
    expect(pageUrl).toMatch(/^\/subscription\?token=/);
    const page = await t.app.inject({ method: 'GET', url: pageUrl, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('prefs@founder.example');
    const prefsUrl = pageUrl.replace('/subscription', '/v1/subscribers/preferences');
    const changed = await t.app.inject({ method: 'PUT', url: prefsUrl, payload: { cadence: 'weekly', topics: ['Hardware'], language: 'zh-CN' } });
    expect(changed.json()).toMatchObject({ cadence: 'weekly', topics: ['hardware'], language: 'zh-CN', status: 'confirmed' });
    expect((await t.app.inject({ method: 'GET', url: prefsUrl })).json().cadence).toBe('weekly');
  });

  it('sends a cancellation to everyone who got the original, even if their preferences changed since', async () => {
    await subscribed('loyal@founder.example', { topics: ['fintech'] });
    const { event, organizer } = await publishOnlineEvent(t.app, { title: 'Fintech breakfast', topics: ['fintech'] });
    await waitFor(() => noticesTo('loyal@founder.example').find((m) => m.subject === 'New event: Fintech breakfast'), 'original');
    const row = t.app.db.select().from(subscribers).all().find((s) => s.email === 'loyal@founder.example')!;
    t.app.db.update(subscribers).set({ preferences: { ...row.preferences, topics: ['biotech'] } }).run();

    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: organizer.auth, payload: {} });
    const cancelled = await waitFor(() => noticesTo('loyal@founder.example').find((m) => m.subject === 'Event cancelled: Fintech breakfast'), 'cancellation');
    const ics = cancelled.attachments.find((a) => a.filename?.endsWith('.ics'))!.content.toString('utf8');
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${event.id}@chuanglian.test`);
  });

  it('shows the subscriber list to coordinators only', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const organizer = seedMember(t.app, 'organizer');
    expect((await t.app.inject({ method: 'GET', url: '/v1/subscribers', headers: organizer.auth })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/v1/subscribers?status=confirmed&limit=200', headers: coordinator.auth });
    expect(list.json().items.map((s: { email: string }) => s.email)).toContain('known@founder.example');
  });
});

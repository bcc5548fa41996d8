import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrations, subscribers } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { startTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { ticketUrl } from '../../src/codes/ticket-tokens.js';
import { manageUrls } from '../../src/subscribers/subscriber-links.js';

let t: Awaited<ReturnType<typeof startTestAppWithMail>>;
beforeAll(async () => {
  t = await startTestAppWithMail();
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

const linkIn = (text: string) => new URL(/https?:\/\/\S+\/privacy\/me\?token=\S+/.exec(text)![0]);

describe('a person’s own data, through /privacy', () => {
  it('shows the notice under each form and records the version; mails a link only to a known address, answering alike; shows, downloads and erases', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 50 });
    const person = browser(t.app);
    // The registration form says who keeps what, and the version it showed is recorded.
    const page = await person.get(`/events/${event.id}`);
    expect(textOf(page)).toContain(`${t.app.config.privacy.controllerName} keeps what you enter here`);
    expect(page.body).toContain(`name="noticeVersion" value="${t.app.privacyNotice.version}"`);
    expect((await person.post(`/events/${event.id}/register`, { name: 'Ma Lin', email: 'ma.lin@example.org', noticeVersion: t.app.privacyNotice.version })).statusCode).toBe(303);
    const row = t.app.db.select().from(registrations).where(eq(registrations.email, 'ma.lin@example.org')).get()!;
    expect(row.noticeVersion).toBe(t.app.privacyNotice.version);
    expect(row.noticeAt).not.toBeNull();
    const subscribe = await person.get('/subscribe');
    expect(textOf(subscribe)).toContain('erases it 30 days after you unsubscribe');
    expect((await person.post('/subscribe', { email: 'ma.lin@example.org', noticeVersion: t.app.privacyNotice.version })).statusCode).toBe(303);
    const subscription = t.app.db.select().from(subscribers).where(eq(subscribers.email, 'ma.lin@example.org')).get()!;
    expect(subscription.noticeVersion).toBe(t.app.privacyNotice.version);
    const subscribed = subscription.id;
    // A version the service never showed is refused, with the form again.
    const stale = await person.post('/subscribe', { email: 'other@example.org', noticeVersion: '0123456789ab' });
    expect(stale.statusCode).toBe(400);
    expect(textOf(stale)).toContain('That privacy notice is not one this service has shown');
    // The API publishes the notice too.
    const api = (await t.app.inject({ method: 'GET', url: '/v1/privacy/notice' })).json();
    expect(api).toMatchObject({ version: t.app.privacyNotice.version, retention: { afterEvent: 'P12M', subscriber: 'P30D' } });
    expect(api.full['zh-CN'][0].heading).toBe('个人信息处理者');

    // The privacy page, in full; a request for an unknown and a known address look the same.
    const privacy = await person.get('/privacy');
    expect(textOf(privacy)).toContain('Registrations, invitations, feedback and reservations: until 12 months after the event or the slot.');
    const unknown = await person.follow(await person.post('/privacy', { email: 'nobody@example.org' }));
    await person.get('/privacy');
    const known = await person.follow(await person.post('/privacy', { email: 'Ma.Lin@example.org' }));
    expect(textOf(known)).toBe(textOf(unknown));
    expect(textOf(known)).toContain('If we hold anything about that address, a link is on its way to it.');
    const asked = await waitFor(() => t.sink.mailTo('ma.lin@example.org').find((m) => m.subject === 'Your data: the link you asked for'), 'the mailed link');
    expect(t.sink.mailTo('nobody@example.org')).toHaveLength(0);
    const link = linkIn(asked.text!);
    expect(link.search).not.toContain('ma.lin'); // the address travels sealed
    const bad = await person.post('/privacy', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('“not an address” is not an email address.');

    // The page shows it all; the JSON holds every record.
    const mine = await person.get(link.pathname + link.search);
    expect(mine.statusCode).toBe(200);
    expect(textOf(mine)).toContain('Everything held about ma.lin@example.org');
    expect(textOf(mine)).toContain('Registrations');
    const json = await person.get(`/privacy/me.json${link.search}`);
    expect(json.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
    const records = JSON.parse(json.body);
    expect(records.registrations).toMatchObject([{ name: 'Ma Lin', status: 'confirmed', notice: { version: t.app.privacyNotice.version } }]);
    expect(records.subscriptions).toHaveLength(1);
    expect(records.mails.length).toBeGreaterThanOrEqual(3);

    // Erasing needs the box ticked; then nothing is left.
    const unticked = await person.post('/privacy/me/erase', { token: link.searchParams.get('token')! });
    expect(unticked.statusCode).toBe(400);
    expect(textOf(unticked)).toContain('Tick the box to confirm the erasure.');
    const done = await person.follow(await person.post('/privacy/me/erase', { token: link.searchParams.get('token')!, confirm: 'yes' }));
    expect(textOf(done)).toContain('Erased: 1 registrations, 0 reservations, 1 subscriptions');
    expect(textOf(done)).toContain('Nothing is held about ma.lin@example.org.');
    expect(everyTextHolding(t.app.db, ['ma.lin@example.org', 'Ma Lin'])).toEqual([]);
    // The links the person was mailed say what happened instead of showing blanks.
    const ticket = new URL(ticketUrl(t.app.deps, row.id));
    const gone = await person.get(ticket.pathname);
    expect(gone.statusCode).toBe(410);
    expect(textOf(gone)).toContain('The personal data behind this link was erased');
    const manage = new URL(manageUrls(t.app.deps, subscribed).preferences);
    expect((await person.get(manage.pathname + manage.search)).statusCode).toBe(410);
    // The link expires after an hour.
    testClock.advance(3_700_000);
    expect((await person.get(link.pathname + link.search)).statusCode).toBe(410);
  });
});

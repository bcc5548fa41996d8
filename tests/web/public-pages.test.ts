import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emails, registrations, subscribers } from '../../src/db/schema.js';
import { manageToken } from '../../src/subscribers/subscriber-links.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { TEST_SECRET, useTestApp } from '../helpers/test-app.js';
import { ALL_DAY } from '../helpers/venue-fixtures.js';

const t = useTestApp();

describe('the public event pages', () => {
  it('filters the listing by topic and park, and shows each event at its venue’s local time', async () => {
    const berlin = await seedPublishedEvent(t.app, { title: 'Berlin exchange', topics: ['exchange'] }, { venue: { timezone: 'Europe/Berlin', openingHours: ALL_DAY }, daysAhead: 20 });
    const shanghai = await seedPublishedEvent(t.app, { title: 'Shanghai salon', topics: ['ai'] }, { daysAhead: 21 });
    const b = browser(t.app);
    expect(textOf(await b.get('/?topic=ai'))).toContain('Shanghai salon');
    expect(textOf(await b.get('/?topic=ai'))).not.toContain('Berlin exchange');
    expect(textOf(await b.get(`/?park=${berlin.park.id}`))).toContain('Berlin exchange');
    expect(textOf(await b.get(`/?park=${berlin.park.id}`))).not.toContain('Shanghai salon');
    const onDay = shanghai.event.start.slice(0, 10);
    expect(textOf(await b.get(`/?date=${onDay}`))).toContain('Shanghai salon');
    expect(textOf(await b.get(`/?date=${onDay}`))).not.toContain('Berlin exchange');

    // The fixture books 14:00–18:00 Shanghai time; this venue is in Berlin, so its page shows 07:00–11:00 (CET).
    const page = await b.get(`/events/${berlin.event.id}`);
    expect(berlin.event.start).toMatch(/T07:00:00\+01:00$/);
    expect(textOf(page)).toContain(`${DateTime.fromISO(berlin.event.start.slice(0, 10)).setLocale('en').toFormat('ccc d MMM')}, 07:00–11:00 (Europe/Berlin)`);
    expect(textOf(page)).toContain('30 of 30 seats left');
  });

  it('refuses a bad registration next to the form, keeping what was typed, and registers a good one', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 5 }, { daysAhead: 22 });
    const b = browser(t.app);
    await b.get(`/events/${event.id}`);
    const bad = await b.post(`/events/${event.id}/register`, { name: 'Li Lei', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('email');
    expect(bad.body).toContain('value="Li Lei"');
    const posted = await b.post(`/events/${event.id}/register`, { name: 'Li Lei', email: 'LiLei@example.org' });
    // Post/redirect/get: the result is at the event's own address, safe to refresh or share.
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/events/${event.id}?registered=confirmed`);
    const good = await b.get(posted.headers.location as string);
    expect(good.statusCode).toBe(200);
    expect(textOf(good)).toContain('You have a seat');
    expect(good.body).not.toContain(`action="/events/${event.id}/register"`); // no second form contradicting it
    expect(t.app.db.select().from(registrations).where(eq(registrations.email, 'lilei@example.org')).get()?.status).toBe('confirmed');
  });

  it('checks a registration on the page exactly as the API does: no address mail cannot reach, no line breaks', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 5 }, { daysAhead: 23 });
    const b = browser(t.app);
    await b.get(`/events/${event.id}`);
    for (const [name, email] of [['Li', 'a@localhost'], ['Li', 'a@b'], ['Li', '"x\r\nBcc: all@example.org"@example.org'], ['Li\r\nBcc: x', 'li@example.org']]) {
      const page = await b.post(`/events/${event.id}/register`, { name: name!, email: email! });
      const api = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name, email } });
      expect([page.statusCode, api.statusCode], `${name} <${email}>`).toEqual([400, 400]);
      expect(textOf(page)).toMatch(/must be an email address|must be one line/);
    }
    expect(t.app.db.select().from(registrations).where(eq(registrations.eventId, event.id)).all()).toEqual([]);
  });

  it('tells a link preview what the event is, when and where (og: tags), and offers it for the calendar', async () => {
    const { event } = await seedPublishedEvent(t.app, { title: 'Founders & <friends>', summary: 'Pitch practice' }, { daysAhead: 24 });
    const page = await browser(t.app).get(`/events/${event.id}`, { 'accept-language': 'zh-CN' });
    const meta = (property: string) => new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(page.body)?.[1];
    expect(meta('og:title')).toBe('Founders &amp; &lt;friends&gt;');
    expect(meta('og:url')).toBe(`http://chuanglian.test/events/${event.id}`);
    expect(meta('og:description')).toMatch(/^\d{1,2}月\d{1,2}日 周. 14:00–18:00 · Hall of .+ — Pitch practice$/);
    const calendar = /<a href="([^"]+)" download="event-\d+\.ics">添加到日历<\/a>/.exec(page.body)![1]!;
    const ics = await t.app.inject({ method: 'GET', url: calendar });
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
  });

  it('shows problems as a page in the site frame and the visitor’s language', async () => {
    const zh = await browser(t.app).get('/events/999999', { 'accept-language': 'zh-CN' });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toContain('text/html');
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('未找到');
    expect(zh.body).toContain('<a class="brand" href="/"><strong>创联</strong> chuanglian</a>'); // in the site's frame
    const used = await browser(t.app).get('/signin/garbage.garbage');
    expect(used.statusCode).toBe(400);
    expect(used.body).toContain('<html lang="en">');
  });
});

describe('subscribing from the site', () => {
  it('subscribes with preferences (double opt-in), then changes them and unsubscribes through the signed page', async () => {
    const { park } = await seedPublishedEvent(t.app, {}, { daysAhead: 23 });
    const b = browser(t.app);
    const form = await b.get('/subscribe');
    expect(form.body).toContain(`name="parks" value="${park.id}"`);
    const sent = await b.follow(await b.post('/subscribe', { email: 'Fan@Example.org', topics: 'AI, hardware', parks: [String(park.id)], cadence: 'weekly', language: 'en', reminders: 'true' }));
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent)).toContain('Check your mail');
    const row = t.app.db.select().from(subscribers).where(eq(subscribers.email, 'fan@example.org')).get()!;
    expect(row.status).toBe('pending');
    expect(t.app.db.select().from(emails).where(eq(emails.toAddress, 'fan@example.org')).get()).toBeTruthy();

    const token = manageToken(TEST_SECRET, row.id);
    const prefs = await b.get(`/subscription?token=${token}`);
    expect(prefs.statusCode).toBe(200);
    expect(prefs.body).toContain('value="ai, hardware"');
    expect(prefs.body).toContain(`value="${park.id}" checked`);
    const saved = await b.follow(await b.post('/subscription', { token, topics: 'robotics', cadence: 'instant', language: 'zh-CN' }));
    expect(saved.statusCode).toBe(200);
    expect(t.app.db.select().from(subscribers).where(eq(subscribers.id, row.id)).get()!.preferences).toMatchObject({ topics: ['robotics'], parks: [], cadence: 'instant', reminders: false, language: 'zh-CN' });
    const gone = await b.follow(await b.post('/subscription/unsubscribe', { token }));
    expect(textOf(gone)).toContain('Unsubscribed');
    expect(t.app.db.select().from(subscribers).where(eq(subscribers.id, row.id)).get()!.status).toBe('unsubscribed');
    expect((await b.post('/subscription', { token: 'garbage.garbage', topics: 'x' })).statusCode).toBe(400);
  });

  it('refuses a malformed address next to the form', async () => {
    const b = browser(t.app);
    await b.get('/subscribe');
    const res = await b.post('/subscribe', { email: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="nope"');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../src/events/announcement-message.js';
import { announcements, digestRuns } from '../../src/db/schema.js';
import { toMarkdown, toText } from '../../src/mail/templates/announcement.js';
import { testClock } from '../../src/time/clock.js';
import { registerFor, seedApprovedBooking } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { browser } from '../helpers/page-browser.js';
import { admitViaApi, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, slot } from '../helpers/venue-fixtures.js';

/**
 * Every person-facing link in every mail and channel message goes to a page, never to /v1: the
 * story below makes the service write each kind of mail (welcome, sign-in, venue request and
 * decision, waitlist, held seat (also after a promotion), repeat registration, invitation,
 * subscription confirmation, notice, reminder, digest, cancellation); every link in them is
 * opened as a browser would, as soon as its mail is written, and every one answers 200 with a page.
 */
let t: TestApp;
const PUBLIC = 'http://chuanglian.test';
/** Links are opened as soon as their mail is written (a held seat's link is no use once it lapsed). */
const opened = new Set<string>();
const wrong: string[] = [];

async function openNewLinks(): Promise<void> {
  for (const link of linksIn(await allMails())) {
    if (opened.has(link)) continue;
    opened.add(link);
    const url = new URL(link);
    if (url.pathname.startsWith('/v1/')) wrong.push(`${link}: an API address`);
    let res = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: { accept: 'text/html', 'accept-language': 'zh-CN' } });
    // A member's page sends a person who is not signed in to sign in first, and back afterwards.
    if (res.statusCode === 303 && String(res.headers.location).startsWith('/signin?next=')) {
      res = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { accept: 'text/html' } });
    }
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) wrong.push(`${link}: ${res.statusCode} ${String(res.headers['content-type'])}`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  const app = t.app;
  await admitViaApi(app, { name: 'Zhao Min', email: 'zhao@office.example', language: 'en' });
  const visitor = browser(app);
  await visitor.get('/signin');
  await visitor.post('/signin', { email: 'zhao@office.example' });

  // A subscriber for every notice, one for the weekly digest, both confirmed through their mails.
  for (const [email, cadence] of [['fan@example.org', 'instant'], ['weekly@example.org', 'weekly']] as const) {
    await app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email, language: 'en', cadence, reminders: true } });
    await settle(app);
    const confirm = linksIn(await mailsTo(email)).find((url) => url.includes('/confirm'))!;
    await app.inject({ method: 'POST', url: new URL(confirm).pathname + new URL(confirm).search });
  }

  // Venue request (manager's mail with approve/decline links), decision (organizer's mail).
  const { organizer, booking, venue } = await seedApprovedBooking(app, { daysAhead: 3 });
  await requestBooking(app, organizer.auth, { venueId: venue.id, ...slot(4, '10:00', '11:00') });
  // An event with two seats that asks people to confirm (held seats), and one that does not.
  const held = (await app.inject({ method: 'POST', url: '/v1/events', headers: organizer.auth, payload: { title: 'Held salon', language: 'en', capacity: 1, bookingId: booking.id, start: booking.start, end: booking.end, confirmRegistrations: true } })).json();
  await app.inject({ method: 'POST', url: `/v1/events/${held.id}/publish`, headers: organizer.auth });
  await registerFor(app, held.id, 'Held One', 'held@example.org');
  await registerFor(app, held.id, 'Waiting Two', 'waiting@example.org');
  await registerFor(app, held.id, 'Held One', 'held@example.org'); // a repeat: "you are already registered"
  await app.inject({ method: 'POST', url: `/v1/events/${held.id}/invitations`, headers: organizer.auth, payload: { name: 'Guest Speaker', email: 'speaker@example.org', role: 'speaker' } });
  await settle(app);
  await openNewLinks();
  // Its first seat lapses: the waitlisted person is promoted (a held seat again).
  testClock.advance(2 * 3600_000);
  await settle(app);
  await openNewLinks();

  // The weekly digest and the reminders fall due: two hours before the event (a fixed point, not
  // "two days later", which passed the reminder's time only when the suite ran in the afternoon).
  app.db.insert(digestRuns).values({ dueAt: new Date(Date.now() + 2 * 3600_000) }).run();
  testClock.set(Date.parse(booking.start) - 2 * 3600_000);
  await settle(app);
  await openNewLinks();
  // And the event is cancelled: everyone registered and every subscriber is told.
  await app.inject({ method: 'POST', url: `/v1/events/${held.id}/cancel`, headers: organizer.auth, payload: { reason: 'Speaker ill' } });
  await settle(app);
  await openNewLinks();
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

async function allMails() {
  const dir = t.config.mailDir;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.eml')) : [];
  return Promise.all(files.map(async (name) => simpleParser(fs.readFileSync(path.join(dir, name)))));
}

async function mailsTo(address: string) {
  return (await allMails()).filter((mail) => JSON.stringify(mail.to).includes(address));
}

/** Every address of this service in the mails' text and HTML. */
function linksIn(mails: Awaited<ReturnType<typeof allMails>>): string[] {
  const text = mails.map((mail) => `${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html.replace(/&amp;/g, '&') : ''}`).join('\n');
  // A link ends at white space, markup or closing brackets; a sentence's last stop is not part of it.
  return [...new Set([...text.matchAll(/https?:\/\/chuanglian\.test[^\s"<>)）]*/g)].map((m) => m[0].replace(/[.,;:!?。；，]+$/, '')))];
}

describe('links in mails and messages', () => {
  it('are written for every kind of mail people get', async () => {
    const subjects = (await allMails()).map((mail) => mail.subject ?? '');
    for (const start of ['Welcome to chuanglian', 'Your chuanglian sign-in link', 'Venue request:', 'Venue request approved', 'Confirm your seat', 'You are already registered', 'Invitation:', 'Confirm your subscription', 'New event', 'Reminder', "This week's founder events", 'Event cancelled', 'Venue request cancelled', 'You are on the waitlist']) {
      expect(subjects.some((subject) => subject.startsWith(start)), `a mail "${start}…" in ${JSON.stringify(subjects)}`).toBe(true);
    }
  });

  it('all open a page (200, text/html) when their mail is written, never the API', async () => {
    expect(opened.size).toBeGreaterThan(15);
    expect(wrong).toEqual([]);
  });

  it('include, in an approval, the way on: creating the event on the booking', async () => {
    const approval = (await allMails()).find((mail) => mail.subject?.startsWith('Venue request approved'))!;
    expect(approval.text).toMatch(/Next, create the event on this booking: http:\/\/chuanglian\.test\/my\/events\/new\?booking=\d+/);
  });

  it('include a welcome that says who added the member to what, with a sign-in link first and the API last', async () => {
    const welcome = (await mailsTo('zhao@office.example')).find((mail) => mail.subject?.startsWith('Welcome'));
    const text = welcome!.text!;
    expect(text).toMatch(/Person \d+ has added you to chuanglian as coordinator of Org \d+/);
    const signIn = text.indexOf('/signin/');
    expect(signIn).toBeGreaterThan(0);
    expect(text.indexOf('/docs')).toBeGreaterThan(signIn);
    expect(welcome!.html).toContain('Sign in to chuanglian');
  });

  it('in channel messages (robots, official accounts, webhooks) point at the event’s page', async () => {
    for (const row of t.app.db.select().from(announcements).all()) {
      const message = buildMessage(t.app.db, row.id, PUBLIC);
      expect(message.url).toBe(`${PUBLIC}/events/${message.eventId}`);
      expect(toMarkdown(message)).toContain(`(${PUBLIC}/events/${message.eventId})`);
      expect(toText(message)).toContain(`${PUBLIC}/events/${message.eventId}`);
      const page = await t.app.inject({ method: 'GET', url: `/events/${message.eventId}`, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
    }
  });
});

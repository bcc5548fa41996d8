import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import type { TestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

/**
 * The three journeys of issue #9 in a real headless Chromium against the real app listening on
 * a port: a park manager signs in from the mailed link and approves from the inbox; a visitor
 * registers and, once the event is full, is told they are on the waitlist; an organizer checks
 * someone in at the door on a phone-sized screen. Each step leaves a screenshot in
 * test-output/e2e/.
 */
const SHOTS = path.resolve('test-output/e2e');

let t: TestApp;
let base = '';
let browser: Browser;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function newPage(options: { phone?: boolean; language?: string } = {}) {
  const context = await browser.newContext({
    locale: options.language ?? 'en-US',
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  // The pages' Content-Security-Policy must not block anything they use (their one stylesheet).
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

const cspViolations: string[] = [];
afterEach(() => {
  expect(cspViolations).toEqual([]);
});

let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
beforeAll(async () => {
  running = await startBrowserApp(SHOTS);
  ({ t, base, browser } = running);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

describe('in a real browser', () => {
  it('a park manager signs in from the mailed link and approves a request from the inbox', async () => {
    const { venue, manager } = await seedVenue(t.app, { name: 'Innovation Hall' });
    const organizer = seedOrganizer(t.app);
    const booked = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(6, '14:00', '16:00'), purpose: 'AI founders salon' });
    expect(booked.statusCode).toBe(201);

    const page = await newPage();
    await page.goto(`${base}/park/inbox`);
    expect(page.url()).toContain('/signin?next=');
    await page.fill('#email', manager.member.email);
    await shot(page, '1-1-signin');
    // The stylesheet applies under the CSP (allowed by its hash).
    expect(await page.locator('body').evaluate((body) => (body.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { maxWidth: string } }).getComputedStyle(body).maxWidth)).toBe('960px');
    await page.click('button:has-text("Email me a sign-in link")');
    await expect.poll(() => page.textContent('main')).toContain('sign-in link is on its way');

    const mail = t.app.db.select().from(emails).all().filter((m) => m.toAddress === manager.member.email && m.kind === 'signin').at(-1)!;
    const link = /https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0];
    expect(link.startsWith(base)).toBe(true);
    await page.goto(link);
    await shot(page, '1-2-link-opened');
    await page.click(`button:has-text("Continue to sign in as ${manager.member.name}")`);
    await page.waitForURL(`${base}/park/inbox`);
    await shot(page, '1-3-inbox');
    const row = page.locator(`#b${booked.json().id}`);
    await expect.poll(() => row.textContent()).toContain('AI founders salon');
    await row.locator('button:has-text("Approve")').click();
    await page.waitForURL(`${base}/park/inbox?done=approved`);
    await shot(page, '1-4-approved');
    expect(await page.textContent('main')).toContain('Approved; the organizer has been told.');
    const after = await t.app.inject({ method: 'GET', url: `/v1/bookings/${booked.json().id}`, headers: organizer.auth });
    expect(after.json().status).toBe('approved');
  });

  it('a visitor registers for an event, and the next one is told they are on the waitlist when it is full', async () => {
    const { event } = await seedPublishedEvent(t.app, { title: 'Hardware demo night', capacity: 2 });
    await registerFor(t.app, event.id, 'Early Bird', 'early@example.org');

    const first = await newPage({ phone: true });
    await first.goto(`${base}/`);
    await shot(first, '2-1-listing');
    await first.click('a:has-text("Hardware demo night")');
    await first.fill('#name', 'Li Lei');
    await first.fill('#email', 'lilei@example.org');
    await shot(first, '2-2-event-page');
    await first.click('button:has-text("Register")');
    await expect.poll(() => first.textContent('main')).toContain('You have a seat');
    await shot(first, '2-3-registered');

    const second = await newPage({ phone: true, language: 'zh-CN' });
    await second.goto(`${base}/events/${event.id}`);
    expect(await second.textContent('main')).toContain('名额已满');
    await second.fill('#name', 'Han Meimei');
    await second.fill('#email', 'hanmeimei@example.org');
    await second.click('button:has-text("加入候补")');
    await expect.poll(() => second.textContent('main')).toContain('候补名单第 1 位');
    await shot(second, '2-4-waitlisted-zh');
    const people = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations?status=waitlisted` });
    expect(people.statusCode).toBe(401); // the list is for members; the database tells the rest
  });

  it('an organizer checks someone in at the door on a phone', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { title: 'Pitch practice' });
    await registerFor(t.app, event.id, 'Zhang Wei', 'zhangwei@example.org');
    await registerFor(t.app, event.id, 'Wang Fang', 'wangfang@example.org');

    const page = await newPage({ phone: true });
    await page.goto(`${base}/signin?next=${encodeURIComponent(`/my/events/${event.id}/checkin`)}`);
    await page.fill('#email', organizer.member.email);
    await page.click('button:has-text("Email me a sign-in link")');
    await expect.poll(() => page.textContent('main')).toContain('sign-in link is on its way');
    const mail = t.app.db.select().from(emails).all().filter((m) => m.toAddress === organizer.member.email && m.kind === 'signin').at(-1)!;
    await page.goto(/https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0]);
    await page.click('button:has-text("Continue to sign in")');
    await page.waitForURL(`${base}/my/events/${event.id}/checkin`);
    await shot(page, '3-1-checkin-list');

    await page.fill('#q', 'zhang');
    await page.click('button:has-text("Find")');
    await shot(page, '3-2-found');
    await page.click('button:has-text("Check in")');
    await expect.poll(() => page.textContent('main')).toContain('Zhang Wei is checked in.');
    await shot(page, '3-3-checked-in');
    const attendance = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth });
    expect(attendance.json()).toMatchObject({ checkedIn: 1, confirmed: 1 });
  });
});

import path from 'node:path';
import { DateTime } from 'luxon';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, type Language } from '../../src/db/schema.js';
import { t as t_, type MessageKey, type MessageValues } from '../../src/i18n/translate.js';
import { startSession } from '../../src/web/frame/web-session.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { seedMember, type TestApp } from '../helpers/test-app.js';

/**
 * The README's first steps as new users take them, on a 390 px phone in Chinese and in English, in headless
 * Chromium, by the words on the buttons: the office adds a park with its manager and a grassroots
 * organization with its organizer; each signs in from the welcome mail; the manager adds a venue;
 * the organizer requests it; the manager approves from the home page; the organizer makes the
 * event and publishes it (after the confirmation); two visitors register, the second onto the
 * waitlist; the office opens the report. Screenshots in test-output/first-steps/.
 */
const SHOTS = path.resolve('test-output/first-steps');

let t: TestApp;
let base = '';
let browser: Browser;
const contexts: BrowserContext[] = [];

let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
beforeAll(async () => {
  running = await startBrowserApp(SHOTS);
  ({ t, base, browser } = running);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await running?.close();
});

/** A phone in `language`, optionally already signed in with a session. */
async function phone(language: Language, session?: string): Promise<Page> {
  const context = await browser.newContext({ locale: language, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  contexts.push(context);
  await context.addCookies([{ name: 'cl_lang', value: language, url: base }, ...(session ? [{ name: 'cl_session', value: session, url: base }] : [])]);
  return context.newPage();
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

/** Signs in from the welcome mail's button, as a new member does; lands on their home page. */
async function signInFromWelcomeMail(language: Language, address: string): Promise<Page> {
  const mail = t.app.db.select().from(emails).all().find((m) => m.toAddress === address && m.kind === 'welcome')!;
  const link = /https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0];
  const page = await phone(language);
  await page.goto(link);
  await page.locator('main form button').click();
  await page.waitForURL(/\/home$/);
  return page;
}

describe.each(['zh-CN', 'en'] as const)('the first steps on a phone, in %s', (language) => {
  // What the buttons and links say in this language (the product's own words); names are people's own.
  const say = (key: MessageKey, values: MessageValues = {}) => t_(language, key, values);
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${language}-${name}.png`), fullPage: true });
  const mail = (who: string) => `${who}-${language.toLowerCase()}@example.org`; // addresses are kept in lower case

  it('from an empty alliance to a published event with a waitlist and a report', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const office = await phone(language, startSession(t.app.db, coordinator.member.id));
    const park = `创智天地科技园 ${language}`;
    const venue = `一号路演厅 ${language}`;

    // The office adds a park and its manager, a grassroots organization and its organizer.
    for (const [org, kind, person, email] of [
      [park, 'park', '王园长', mail('wang')],
      [`五角场社区创业营 ${language}`, 'grassroots', '李组织', mail('li')],
    ] as const) {
      await office.goto(`${base}/office/organizations`);
      await office.fill('#name', org);
      await office.selectOption('#kind', kind);
      await button(office, say('addOrganization'));
      await office.waitForURL(/\/office\/organizations\/\d+$/);
      await office.fill('#name', person);
      await office.fill('#email', email);
      await button(office, say('addMember'));
      await office.waitForURL(/added=/);
      expect(await office.locator('main').innerText()).toContain(email);
    }
    await shot(office, '1-office-members');

    const manager = await signInFromWelcomeMail(language, mail('wang'));
    const organizer = await signInFromWelcomeMail(language, mail('li'));

    // The manager adds a venue (the zone from the list; Shanghai by default).
    await manager.goto(`${base}/park/venues`);
    await manager.fill('#name', venue);
    await manager.fill('#capacity', '80');
    await button(manager, say('addVenue'));
    await manager.waitForURL(/\/park\/venues\/\d+$/);
    await shot(manager, '2-venue');

    // The organizer asks for it a week ahead, after looking at the free times.
    const day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 7 }).toISODate()!;
    await organizer.getByRole('link', { name: say('newRequest') }).first().click();
    await organizer.selectOption('#venueId', { label: `${venue} · ${park} (80)` });
    await organizer.fill('#date', day);
    await button(organizer, say('showFreeSlots'));
    expect(await organizer.locator('ul.free-slots').innerText()).toContain('08:00–22:00');
    await organizer.fill('#startTime', '14:00');
    await organizer.fill('#endTime', '16:00');
    await organizer.fill('#expectedAttendance', '30');
    await organizer.fill('#purpose', 'AI 创业者分享会');
    await button(organizer, say('sendRequest'));
    await organizer.waitForURL(/done=requested/);
    await shot(organizer, '3-requested');

    // The manager's home page says a request waits; the inbox approves it.
    await manager.goto(`${base}/home`);
    expect(await manager.locator('main').innerText()).toContain(say('homeRequestsWaiting', { n: 1 }));
    await manager.getByRole('link', { name: say('homeOpenInbox') }).click();
    await button(manager, say('approve'));
    await manager.waitForURL(/done=approved/);
    await shot(manager, '4-approved');

    // The organizer makes the event on the approved booking and publishes it, once asked.
    await organizer.goto(`${base}/home`);
    await organizer.getByRole('link', { name: say('newEvent') }).first().click();
    await organizer.selectOption('#bookingId', { index: 1 });
    await organizer.fill('#title', 'AI 创业者分享会（第一期）');
    await organizer.fill('#capacity', '1');
    await button(organizer, say('save'));
    await organizer.waitForURL(/\/my\/events\/\d+\?done=created$/);
    const eventPath = new URL(organizer.url()).pathname.replace('/my', '');
    await button(organizer, say('publish'));
    expect(await organizer.locator('main').innerText()).toContain(say('confirmPublishPublic'));
    await shot(organizer, '5-publish-asks');
    await button(organizer, say('confirmPublishYes'));
    await organizer.waitForURL(/done=published/);

    // Two visitors register: the first gets the seat, the second a place on the waitlist.
    for (const [name, email, result] of [
      ['张三', mail('zhang'), 'confirmed'],
      ['李四', mail('lisi'), 'waitlisted'],
    ] as const) {
      const visitor = await phone(language);
      await visitor.goto(`${base}${eventPath}`);
      await visitor.fill('#name', name);
      await visitor.fill('#email', email);
      await visitor.locator('main form button.primary').click();
      await visitor.waitForURL(new RegExp(`registered=${result}`));
      expect(await visitor.locator('main').innerText()).toContain(result === 'confirmed' ? say('youHaveSeat') : say('youAreWaitlisted', { position: 1 }));
      await shot(visitor, `6-registered-${result}`);
    }

    // The office reads the report.
    await office.goto(`${base}/office/report?groupBy=month`);
    expect(await office.locator('h1').innerText()).toBe(say('navReport'));
    await shot(office, '7-report');
  }, 120_000);
});

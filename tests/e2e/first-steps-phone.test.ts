import path from 'node:path';
import { DateTime } from 'luxon';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { startSession } from '../../src/web/web-session.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { seedMember, type TestApp } from '../helpers/test-app.js';

/**
 * The README's first steps as new users take them, on a 390 px phone in Chinese, in headless
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

/** A phone in Chinese, optionally already signed in with a session. */
async function phone(session?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  contexts.push(context);
  await context.addCookies([{ name: 'cl_lang', value: 'zh-CN', url: base }, ...(session ? [{ name: 'cl_session', value: session, url: base }] : [])]);
  return context.newPage();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

/** Signs in from the welcome mail's button, as a new member does; lands on their home page. */
async function signInFromWelcomeMail(address: string): Promise<Page> {
  const mail = t.app.db.select().from(emails).all().find((m) => m.toAddress === address && m.kind === 'welcome')!;
  const link = /https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0];
  const page = await phone();
  await page.goto(link);
  await page.locator('main form button').click();
  await page.waitForURL(/\/home$/);
  return page;
}

describe('the first steps on a phone, in Chinese', () => {
  it('from an empty alliance to a published event with a waitlist and a report', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const office = await phone(startSession(t.app.db, coordinator.member.id));

    // The office adds a park and its manager, a grassroots organization and its organizer.
    for (const [org, kind, person, email] of [
      ['创智天地科技园', 'park', '王园长', 'wang@park.example'],
      ['五角场社区创业营', 'grassroots', '李组织', 'li@club.example'],
    ] as const) {
      await office.goto(`${base}/office/organizations`);
      await office.fill('#name', org);
      await office.selectOption('#kind', kind);
      await button(office, '添加单位');
      await office.waitForURL(/\/office\/organizations\/\d+$/);
      await office.fill('#name', person);
      await office.fill('#email', email);
      await button(office, '添加成员');
      await office.waitForURL(/added=/);
      expect(await office.locator('main').innerText()).toContain(email);
    }
    await shot(office, '1-office-members');

    const manager = await signInFromWelcomeMail('wang@park.example');
    const organizer = await signInFromWelcomeMail('li@club.example');

    // The manager adds a venue (the zone from the list; Shanghai by default).
    await manager.goto(`${base}/park/venues`);
    await manager.fill('#name', '一号路演厅');
    await manager.fill('#capacity', '80');
    await button(manager, '添加场地');
    await manager.waitForURL(/\/park\/venues\/\d+$/);
    await shot(manager, '2-venue');

    // The organizer asks for it a week ahead, after looking at the free times.
    const day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 7 }).toISODate()!;
    await organizer.getByRole('link', { name: '申请场地' }).first().click();
    await organizer.selectOption('#venueId', { label: '一号路演厅 · 创智天地科技园 (80)' });
    await organizer.fill('#date', day);
    await button(organizer, '查看空闲时段');
    expect(await organizer.locator('ul.free-slots').innerText()).toContain('08:00–22:00');
    await organizer.fill('#startTime', '14:00');
    await organizer.fill('#endTime', '16:00');
    await organizer.fill('#expectedAttendance', '30');
    await organizer.fill('#purpose', 'AI 创业者分享会');
    await button(organizer, '提交申请');
    await organizer.waitForURL(/done=requested/);
    await shot(organizer, '3-requested');

    // The manager's home page says a request waits; the inbox approves it.
    await manager.goto(`${base}/home`);
    expect(await manager.locator('main').innerText()).toContain('有 1 个申请等待你审批');
    await manager.getByRole('link', { name: '去审批' }).click();
    await button(manager, '批准');
    await manager.waitForURL(/done=approved/);
    await shot(manager, '4-approved');

    // The organizer makes the event on the approved booking and publishes it, once asked.
    await organizer.goto(`${base}/home`);
    await organizer.getByRole('link', { name: '新建活动' }).first().click();
    await organizer.selectOption('#bookingId', { index: 1 });
    await organizer.fill('#title', 'AI 创业者分享会（第一期）');
    await organizer.fill('#capacity', '1');
    await button(organizer, '保存');
    await organizer.waitForURL(/\/my\/events\/\d+\?done=created$/);
    const eventPath = new URL(organizer.url()).pathname.replace('/my', '');
    await button(organizer, '发布');
    expect(await organizer.locator('main').innerText()).toContain('活动页面将公开');
    await shot(organizer, '5-publish-asks');
    await button(organizer, '确认发布');
    await organizer.waitForURL(/done=published/);

    // Two visitors register: the first gets the seat, the second a place on the waitlist.
    for (const [name, email, result] of [
      ['张三', 'zhang@example.org', 'confirmed'],
      ['李四', 'lisi@example.org', 'waitlisted'],
    ] as const) {
      const visitor = await phone();
      await visitor.goto(`${base}${eventPath}`);
      await visitor.fill('#name', name);
      await visitor.fill('#email', email);
      await visitor.locator('main form button.primary').click();
      await visitor.waitForURL(new RegExp(`registered=${result}`));
      expect(await visitor.locator('main').innerText()).toContain(result === 'confirmed' ? '报名成功' : '候补');
      await shot(visitor, `6-registered-${result}`);
    }

    // The office reads the report.
    await office.goto(`${base}/office/report?groupBy=month`);
    expect(await office.locator('h1').innerText()).toBe('成效报告');
    await shot(office, '7-report');
  }, 120_000);
});

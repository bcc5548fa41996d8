import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emails, registrations } from '../../src/db/schema.js';
import { cookieNames, startSession } from '../../src/web/frame/web-session.js';
import { qrPng } from '../../src/codes/ticket-qr.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { launchChromium } from '../helpers/chromium.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { cameraSeeing } from '../helpers/fake-camera.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * The scan page at the door in headless Chromium against the real app on a port: the camera (a
 * fake one that sees the QR exactly as it was mailed) checks a ticket in; with the connection
 * gone two phones go on checking against the list they loaded, queue, and when back online record
 * one check-in, the earlier, and the later phone is told. Screenshots go to test-output/e2e/.
 */
const SHOTS = path.resolve('test-output/e2e');

let t: TestApp;
let base = '';
let browser: Browser;
let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
const cspViolations: string[] = [];
const extraBrowsers: Browser[] = [];
const temp = makeTempDir('scan-page');

beforeAll(async () => {
  running = await startBrowserApp(SHOTS);
  ({ t, base, browser } = running);
}, 60_000);
afterAll(async () => {
  for (const extra of extraBrowsers) await extra.close();
  await running?.close();
  temp.cleanup();
});
afterEach(() => {
  expect(cspViolations).toEqual([]);
});

/** An organizer's phone, signed in, on the event's scan page with the door list loaded. */
async function phone(on: Browser, memberId: number, eventId: number, language = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await on.newContext({ locale: language, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] });
  await context.addCookies([{ name: cookieNames(base).session, value: startSession(t.app.db, memberId), url: base }]);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto(`${base}/my/events/${eventId}/scan`);
  await page.waitForSelector('#scan[data-loaded]');
  expect(await page.textContent('#scan-net')).toMatch(/^(Online|在线)$/);
  expect(await page.locator('#scan-noscript').count()).toBe(0); // the script runs under the page's CSP
  return { context, page };
}

function mailedTicket(email: string) {
  const mail = t.app.db.select().from(emails).where(and(eq(emails.toAddress, email), eq(emails.kind, 'registration-confirmed'))).all().at(-1);
  const qr = mail?.attachments?.find((a) => a.cid === 'ticket-qr');
  if (!mail || !qr || !('qr' in qr)) throw new Error(`no ticket mail with a QR to ${email}`);
  const url = /https?:\/\/\S+\/tickets\/\S+/.exec(mail.text)![0];
  return { url, png: qrPng(qr.qr, qr.scale) }; // drawn as the mailer draws it when sending
}

const registrationOf = (email: string) => t.app.db.select().from(registrations).where(eq(registrations.email, email)).get()!;

describe('the scan page', () => {
  it('reads a mailed ticket’s QR with the camera and checks its holder in, green, with the count', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 30, title: 'Camera night' });
    expect((await registerFor(t.app, event.id, 'Lin Hua', 'lin-cam@example.org')).statusCode).toBe(201);
    expect((await registerFor(t.app, event.id, 'Zhou Min', 'zhou-cam@example.org')).statusCode).toBe(201);
    const ticket = mailedTicket('lin-cam@example.org');
    expect(ticket.url.startsWith(base)).toBe(true);

    const video = cameraSeeing(ticket.png, path.join(temp.dir, 'ticket.y4m'));
    const camera = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    extraBrowsers.push(camera);
    const { page } = await phone(camera, organizer.member.id, event.id);
    expect(await page.textContent('#scan-count')).toBe('0 checked in · 2 confirmed · 30 places');
    await page.click('#scan-start');
    await expect.poll(() => page.textContent('#scan-result'), { timeout: 15_000 }).toBe('Checked in: Lin Hua');
    expect(await page.getAttribute('#scan-result', 'class')).toContain('scan-ok');
    expect(await page.textContent('#scan-count')).toBe('1 checked in · 2 confirmed · 30 places');
    await page.screenshot({ path: path.join(SHOTS, '18-1-scan-camera.png') });
    expect(registrationOf('lin-cam@example.org').status).toBe('checked_in');

    // The same ticket held up again, after the pause that keeps one showing from counting twice: red, with the time.
    await expect.poll(() => page.textContent('#scan-result'), { timeout: 15_000 }).toMatch(/^Lin Hua was already checked in at \d\d:\d\d$/);
    expect(await page.getAttribute('#scan-result', 'class')).toContain('scan-bad');
  }, 60_000);

  it('goes on offline: checks against the loaded list, queues, sends on reconnect; two phones make one check-in, the earlier', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 30, title: 'Offline night' });
    for (const [name, email] of [['Zhou Min', 'zhou@example.org'], ['Wang Fang', 'wang@example.org'], ['Li Lei', 'li@example.org']] as const) {
      expect((await registerFor(t.app, event.id, name, email)).statusCode).toBe(201);
    }
    const list = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/door-list`, headers: organizer.auth })).json();
    const codeOf = (name: string) => list.entries.find((e: { name: string }) => e.name === name).code as string;

    const a = await phone(browser, organizer.member.id, event.id);
    const b = await phone(browser, organizer.member.id, event.id, 'zh-CN');
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await expect.poll(() => a.page.textContent('#scan-net')).toBe('Offline, 0 waiting');
    await expect.poll(() => b.page.textContent('#scan-net')).toBe('离线，0 条待上传');

    // Phone A: Zhou Min by the code under the QR, then Wang Fang's ticket URL typed in, then a ticket of nowhere.
    await a.page.fill('#scan-q', codeOf('Zhou Min').toLowerCase());
    await a.page.press('#scan-q', 'Enter');
    await expect.poll(() => a.page.textContent('#scan-result')).toBe('Checked in: Zhou Min (offline: sent when the connection returns)');
    expect(await a.page.getAttribute('#scan-result', 'class')).toContain('scan-ok');
    await a.page.fill('#scan-q', mailedTicket('wang@example.org').url);
    await a.page.press('#scan-q', 'Enter');
    await expect.poll(() => a.page.textContent('#scan-result')).toBe('Checked in: Wang Fang (offline: sent when the connection returns)');
    const forged = mailedTicket('li@example.org').url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await a.page.fill('#scan-q', forged);
    await a.page.press('#scan-q', 'Enter');
    await expect.poll(() => a.page.textContent('#scan-result')).toBe('This QR code is not a ticket for this event.');
    expect(await a.page.getAttribute('#scan-result', 'class')).toContain('scan-bad');
    expect(await a.page.textContent('#scan-net')).toBe('Offline, 2 waiting');
    expect(await a.page.textContent('#scan-count')).toBe('2 checked in · 3 confirmed · 30 places');
    await a.page.screenshot({ path: path.join(SHOTS, '18-2-scan-offline.png') });

    // Phone B, a moment later: Zhou Min again, found by name.
    await b.page.fill('#scan-q', 'zhou');
    await b.page.press('#scan-q', 'Enter');
    await b.page.click('#scan-matches button:has-text("Zhou Min")');
    await expect.poll(() => b.page.textContent('#scan-result')).toBe('签到成功：Zhou Min（离线：联网后自动上传）');
    expect(await b.page.textContent('#scan-net')).toBe('离线，1 条待上传');
    // Nothing reached the server while both were offline.
    expect(registrationOf('zhou@example.org').status).toBe('confirmed');

    await a.context.setOffline(false);
    await expect.poll(() => a.page.textContent('#scan-net')).toBe('Online');
    const first = registrationOf('zhou@example.org');
    expect(first.status).toBe('checked_in');
    expect(registrationOf('wang@example.org').status).toBe('checked_in');

    await b.context.setOffline(false);
    await expect.poll(() => b.page.textContent('#scan-net')).toBe('在线');
    await expect.poll(() => b.page.textContent('#scan-log')).toMatch(/^Zhou Min：另一部手机已于 \d\d:\d\d 为其签到$/);
    await b.page.screenshot({ path: path.join(SHOTS, '18-3-scan-later-phone.png') });
    // One check-in, at phone A's (earlier) scan.
    expect(registrationOf('zhou@example.org').checkedInAt).toEqual(first.checkedInAt);
    const attendance = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth })).json();
    expect(attendance).toMatchObject({ checkedIn: 2, confirmed: 1 });
    await expect.poll(() => b.page.textContent('#scan-count')).toBe('已签到 2 · 已确认 3 · 名额 30');
    await a.context.close();
    await b.context.close();
  }, 60_000);
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { cookieNames, startSession } from '../../src/web/frame/web-session.js';
import { startBrowserApp } from '../helpers/browser-app.js';
import { generateYear, type YearMade } from '../helpers/review-year.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * Done when (#21): with a year of generated activity — parks, incubators and grassroots
 * organizations; events with registrations, check-ins, feedback and participants from abroad;
 * green-channel reservations — the coordinator opens the alliance's annual review in Chromium,
 * downloads the PDF and the CSV, and both hold the figures the year was made of.
 */
const SHOTS = path.resolve('test-output/e2e/annual-review');
const Y = DateTime.now().setZone('Asia/Shanghai').year - 1;
let t: TestApp;
let base: string;
let browser: Browser;
let running: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
let made: YearMade;
let coordinatorId: number;

beforeAll(async () => {
  running = await startBrowserApp(SHOTS);
  ({ t, base, browser } = running);
  const year = await generateYear(t.app, { year: Y, parks: 2, incubators: 2, grassroots: 2, eventsEach: 2, seats: 6, served: 3 });
  made = year.made;
  coordinatorId = year.coordinator.member.id;
}, 120_000);
afterAll(async () => {
  await running?.close();
  testClock.reset();
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the annual review in a browser', () => {
  it('is opened by the coordinator, downloaded as PDF and CSV, and holds the year’s figures', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    try {
      await context.addCookies([{ name: cookieNames(base).session, value: startSession(t.app.db, coordinatorId), url: base }]);
      const page = await context.newPage();
      await page.goto(`${base}/review?year=${Y}`);
      expect(await page.textContent('h1')).toBe(`${Y} 年度评估报告`);
      expect(await page.locator('figure.measure').count()).toBeGreaterThanOrEqual(3);
      const row = (name: string) => page.locator('table.figures-table tr', { hasText: name }).first().locator('td').first().textContent();
      expect(await row('报名人数')).toBe(String(made.registrations));
      expect(await row('签到人数')).toBe(String(made.checkIns));
      expect(await row('绿色通道办结服务')).toBe(String(made.served));
      await page.screenshot({ path: path.join(SHOTS, 'alliance.png'), fullPage: true });

      const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[href*="format=pdf"]')]);
      const pdfFile = path.join(SHOTS, `annual-review-${Y}.pdf`);
      await pdfDownload.saveAs(pdfFile);
      expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdfFile);
      expect(text).toContain(`${Y} 年度评估报告`);
      expect(text).toMatch(new RegExp(`举办活动\\s+${made.eventsHeld}\\s`));
      expect(text).toMatch(new RegExp(`报名人数\\s+${made.registrations}\\s`));
      expect(text).toMatch(new RegExp(`签到人数\\s+${made.checkIns}\\s`));
      expect(text).toMatch(new RegExp(`来自中国大陆以外的参与者\\s+${made.international}\\s`));
      expect(text).toMatch(new RegExp(`绿色通道办结服务\\s+${made.served}\\s`));
      for (const name of ['科创园区 1', '孵化器 2', '创业社群 1', '五角场社区事务受理服务中心']) expect(text).toContain(name);

      const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/review.csv"]')]);
      const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const total = (figure: string) => csv.split('\r\n').find((line) => line.startsWith(`total,联盟总体,${figure},`))?.split(',')[3];
      expect(total('举办活动')).toBe(String(made.eventsHeld));
      expect(total('报名人数')).toBe(String(made.registrations));
      expect(total('签到人数')).toBe(String(made.checkIns));
      expect(total('填写国家或地区的参与者')).toBe(String(made.withCountry));
      expect(total('来自中国大陆以外的参与者')).toBe(String(made.international));
      expect(Number(total('平均评分（1–5）'))).toBe(Math.round((made.ratingSum / made.feedback) * 100) / 100);
      expect(Number(total('反馈回收率'))).toBe(Math.round((made.feedback / made.checkIns) * 10_000) / 10_000);
      expect(total('绿色通道办结服务')).toBe(String(made.served));
      // Every organization has a line for every figure (6 members and the office, 17 figures each, and the alliance's), and the centre one.
      expect(csv.split('\r\n').filter((line) => line && !line.startsWith('\uFEFF')).length).toBe(8 * 17 + 1);
      expect(csv).toMatch(new RegExp(`centre-\\d+,五角场社区事务受理服务中心,绿色通道办结服务,${made.served},0,${made.served}`));
    } finally {
      await context.close();
    }
  }, 60_000);
});

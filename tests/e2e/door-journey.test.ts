import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import jsqr from 'jsqr';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { phoneContext, useBrowserAppWithMail } from '../helpers/browser-app.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { seedMember } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue #18 tried as people would, in headless Chromium against the real app and a real SMTP
 * server: a founder registers answering the event's required question, gets the ticket mail and
 * its QR; the organizer checks them in on the scan page and downloads the list as CSV and XLSX;
 * after the end (the clock moved, not waited for) the survey mail comes, is answered, and the
 * rating shows in the coordinator's impact report. Screenshots go to test-output/e2e/.
 */
const SHOTS = path.resolve('test-output/e2e');
const jsQR = jsqr.default;

const e2e = useBrowserAppWithMail(SHOTS);

const signedIn = (memberId: number) => phoneContext(e2e.browser, e2e.t.app, e2e.base, { memberId, acceptDownloads: true });

describe('at the door and after', () => {
  it('register with a question, ticket by mail, scanned in, exported; the survey after the end; its rating in the report', async () => {
    const { t, base, browser, sink } = e2e;
    const seeded = await seedPublishedEvent(t.app, { capacity: 30, title: 'Hardware founders night', language: 'en' });
    const { event, organizer } = seeded;
    const questions = [{ id: 'company', label: { en: 'Company', 'zh-CN': '公司' }, type: 'text', required: true }];
    expect((await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { questions } })).statusCode).toBe(200);

    // The founder registers on the event page; the required question must be answered.
    const founder = await (await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } })).newPage();
    await founder.goto(`${base}/events/${event.id}`);
    await founder.fill('#name', 'Lin Hua');
    await founder.fill('#email', 'lin@door.example');
    expect(await founder.locator('textarea[name="q.company"]').getAttribute('required')).not.toBeNull();
    await founder.fill('textarea[name="q.company"]', 'Deep Tide Robotics');
    await founder.click('button.primary');
    await founder.waitForURL(/registered=/);

    // The ticket mail, at the SMTP server: its QR decodes to the ticket page.
    const mail = await waitFor(() => sink.mailTo('lin@door.example').find((m) => m.attachments.some((a) => a.cid === 'ticket-qr')), 'the ticket mail');
    const png = PNG.sync.read(mail.attachments.find((a) => a.cid === 'ticket-qr')!.content);
    const ticketUrl = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)!.data;
    expect(ticketUrl.startsWith(`${base}/tickets/`)).toBe(true);

    // The organizer scans it in (the box takes what a scanner reads) and downloads the list.
    const door = await signedIn(organizer.member.id);
    const scan = await door.newPage();
    await scan.goto(`${base}/my/events/${event.id}/scan`);
    await scan.waitForSelector('#scan[data-loaded]');
    await scan.fill('#scan-q', ticketUrl);
    await scan.press('#scan-q', 'Enter');
    await expect.poll(() => scan.textContent('#scan-result')).toBe('Checked in: Lin Hua');
    await scan.goto(`${base}/my/events/${event.id}`);
    const [csvDownload] = await Promise.all([scan.waitForEvent('download'), scan.click('a[href$="registrations.csv"]')]);
    const csv = fs.readFileSync((await csvDownload.path()), 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/^Lin Hua,lin@door\.example,.*checked in.*Deep Tide Robotics/i);
    const [xlsxDownload] = await Promise.all([scan.waitForEvent('download'), scan.click('a[href$="registrations.xlsx"]')]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path()));
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe('Lin Hua');
    expect((sheet.getRow(1).values as unknown[]).includes('Company')).toBe(true);

    // An hour after the end (FEEDBACK_AFTER), moved to, not waited for: the survey mail.
    testClock.set(Date.parse(event.end) + 3_600_000 + 60_000);
    await settle(t.app);
    const survey = await waitFor(() => sink.mailTo('lin@door.example').find((m) => m.subject === 'How was Hardware founders night?'), 'the survey mail');
    const surveyUrl = /https?:\/\/\S+\/feedback\/\S+/.exec(survey.text!)![0];
    await founder.goto(surveyUrl);
    await founder.check('input[name="rating"][value="4"]');
    await founder.check('input[name="recommend"][value="9"]');
    await founder.fill('#comment', 'More demo time, please.');
    await founder.screenshot({ path: path.join(SHOTS, '18-4-feedback.png'), fullPage: true });
    await founder.click('button.primary');
    await expect.poll(() => founder.textContent('main')).toContain('your answer is saved');

    // The coordinator's report for that day shows the rating.
    const office = await (await signedIn(seedMember(t.app, 'coordinator').member.id)).newPage();
    const day = DateTime.fromISO(event.start, { setZone: true }).toISODate();
    await office.goto(`${base}/office/report?from=${day}&to=${day}&groupBy=organization`);
    const row = office.locator('tr', { hasText: organizer.organization.name }).first();
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(-2)).toEqual(['100%', '4']);
    await office.screenshot({ path: path.join(SHOTS, '18-5-report-rating.png'), fullPage: true });
    const organizerPage = await door.newPage();
    await organizerPage.goto(`${base}/my/events/${event.id}`);
    expect(await organizerPage.textContent('main')).toContain('1 of 1 attendees answered · mean rating 4 · NPS 100');
  }, 90_000);
});

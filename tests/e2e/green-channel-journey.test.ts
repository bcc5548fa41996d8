import { reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import jsqr from 'jsqr';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createCentre } from '../../src/green-channel/catalogue.js';
import { importCatalogue } from '../../src/green-channel/catalogue-import.js';
import { testClock } from '../../src/time/clock.js';
import { phoneContext, useBrowserAppWithMail } from '../helpers/browser-app.js';
import { settle } from '../helpers/settle.js';
import { seedMember, seedMemberIn } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue #20 tried as people would, in headless Chromium against the real app and a real SMTP
 * server: the office loads the sample catalogue and declares a make-up Saturday and a closed
 * Wednesday; a founder reserves on that Saturday (nothing on the Wednesday), gets the mail with
 * its QR and .ics, moves it through the link, is reminded, is checked in by the counter's scan and
 * served; a reservation left unused becomes a no-show; the report counts it all.
 */
const SHOTS = path.resolve('test-output/e2e');
const jsQR = jsqr.default;
const MONDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 }).set({ hour: 8 });
const SATURDAY = MONDAY.plus({ days: 5 }).toISODate()!;
const WEDNESDAY = MONDAY.plus({ days: 2 }).toISODate()!;
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Shanghai' }).toMillis();

const e2e = useBrowserAppWithMail(SHOTS, () => testClock.set(MONDAY.toMillis()));

const phone = async (memberId?: number) => (await phoneContext(e2e.browser, e2e.t.app, e2e.base, { memberId, locale: 'zh-CN' })).newPage();
const mailsTo = (to: string) => e2e.sink.mailTo(to);

describe('the green channel, end to end', () => {
  it('reserve on a make-up Saturday, move, be reminded, be checked in and served; a no-show; the report', async () => {
    const { t, base } = e2e;
    // The office: a centre, the sample catalogue, a make-up Saturday and a closed Wednesday.
    const coordinator = seedMember(t.app, 'coordinator');
    const centre = createCentre(t.app.deps, { name: '五角场社区事务受理服务中心', address: '国和路 346 号' });
    expect(importCatalogue(t.app.deps, fs.readFileSync('samples/green-channel-catalogue.sample.csv', 'utf8'))).toEqual({ categories: 3, items: 4 });
    for (const day of [{ date: SATURDAY, kind: 'workday', name: '调休上班' }, { date: WEDNESDAY, kind: 'holiday', name: '中心培训' }]) {
      expect((await t.app.inject({ method: 'POST', url: '/v1/calendar/days', headers: coordinator.auth, payload: day })).statusCode).toBe(200);
    }

    // The founder, on a phone: the catalogue, the service, nothing on Wednesday, Saturday's 09:30.
    const founder = await phone();
    await founder.goto(`${base}/green-channel`);
    await founder.click('a:has-text("营业执照办理（示例）")');
    await founder.fill('#date', WEDNESDAY);
    await founder.click('button:has-text("查看时段")');
    await expect.poll(() => founder.textContent('main')).toContain('当天没有可预约的时段');
    await founder.fill('#date', SATURDAY);
    await founder.click('button:has-text("查看时段")');
    await founder.check(`input[name="start"][value="${SATURDAY}T09:30:00+08:00"]`);
    await founder.fill('#name', '王芳');
    await founder.fill('#email', 'wangfang@example.org');
    await founder.fill('#creditCode', '91350100M000100Y43');
    await founder.screenshot({ path: path.join(SHOTS, '20-1-reserve.png'), fullPage: true });
    await founder.click('button:has-text("预约")');
    // Held until she confirms from her mail: the page says so, and shows no link.
    await expect.poll(() => founder.textContent('main')).toContain('还差一步');
    const hold = await waitFor(() => mailsTo('wangfang@example.org')[0], 'the mail with the link to confirm');
    await founder.goto(/https?:\/\/\S+\/reservations\/\S+/.exec(hold.text!)![0]);
    await founder.click('button:has-text("确认预约")');
    await expect.poll(() => founder.textContent('main')).toContain('预约已确认');

    // The mail: the QR for the counter and an .ics a calendar reads; its link moves the reservation to 10:00.
    const mail = await waitFor(() => mailsTo('wangfang@example.org')[1], 'the confirmation');
    const qr = PNG.sync.read(mail.attachments.find((a) => a.cid === 'counter-qr')!.content);
    const scanned = jsQR(new Uint8ClampedArray(qr.data.buffer, qr.data.byteOffset, qr.data.length), qr.width, qr.height)!.data;
    const ics = new ICAL.Component(ICAL.parse(mail.attachments.find((a) => a.filename === 'reservation.ics')!.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect((ics.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(at(SATURDAY, '09:30'));
    await founder.goto(/https?:\/\/\S+\/reservations\/\S+/.exec(mail.text!)![0]);
    await founder.check(`input[name="start"][value="${SATURDAY}T10:00:00+08:00"]`);
    await founder.click('form[action$="/move"] button');
    await expect.poll(() => founder.textContent('main')).toContain('已改约');

    // Someone else reserves 11:00 and never comes.
    const licence = (await t.app.inject({ method: 'GET', url: '/v1/services' })).json().categories[0].items.find((i: { code: string }) => i.code === 'licence');
    const other = await reserveConfirmed(t.app, { serviceId: licence.id, centreId: centre.id, start: `${SATURDAY}T11:00:00+08:00`, name: 'Li Lei', email: 'lilei@example.org' });
    expect(other.statusCode, other.body).toBe(201);

    // Friday 10:01: a day before the (moved) slot, the reminder.
    testClock.set(at(MONDAY.plus({ days: 4 }).toISODate()!, '10:01'));
    await settle(t.app);
    await waitFor(() => mailsTo('wangfang@example.org').some((m) => m.subject?.startsWith('明日办理')), 'the reminder');

    // Saturday 10:02 at the counter: the staff scans the QR (a scanner types what it reads), then marks her served.
    const staff = seedMemberIn(t.app, coordinator.organization, 'service_staff', 'zh-CN');
    expect((await t.app.inject({ method: 'PUT', url: `/v1/service-centres/${centre.id}/staff/${staff.member.id}`, headers: coordinator.auth })).statusCode).toBe(204);
    // The clock stands still at the counter, so the wait is 13 minutes however slow the machine.
    testClock.freeze(at(SATURDAY, '10:02'));
    const counter = await phone(staff.member.id);
    await counter.goto(`${base}/counter/${centre.id}?date=${SATURDAY}`);
    await counter.fill('#code', scanned);
    await counter.click('button:has-text("签到")');
    await expect.poll(() => counter.textContent('main')).toContain('签到成功：王芳');
    testClock.set(at(SATURDAY, '10:15'));
    await counter.click('button:has-text("办结")');
    await expect.poll(() => counter.textContent('main')).toContain('已办结');
    testClock.unfreeze();
    await counter.screenshot({ path: path.join(SHOTS, '20-2-counter.png'), fullPage: true });

    // 11:31: the 11:00 reservation nobody came to is a no-show; the report counts it all.
    testClock.set(at(SATURDAY, '11:31'));
    await settle(t.app);
    const office = await phone(coordinator.member.id);
    await office.goto(`${base}/office/report?from=${SATURDAY}&to=${SATURDAY}`);
    const row = office.locator('tr', { hasText: '企业开办' }).first();
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(3)).toEqual(['2', '1', '1', '13']);
    await office.screenshot({ path: path.join(SHOTS, '20-3-report.png'), fullPage: true });
  }, 120_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { erasures } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { phoneContext, useBrowserAppWithMail } from '../helpers/browser-app.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedCentreWithService } from '../helpers/green-channel-fixtures.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { settle } from '../helpers/settle.js';
import { seedMember } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue #23 tried as a new user would, in headless Chromium (a zh-CN phone) against the real app
 * and a real SMTP server: a founder registers, subscribes and reserves; asks for their data on
 * /privacy, opens the mailed link, downloads the JSON holding all three, erases it; afterwards no
 * API answer, page, export or row holds the address and the report's counts are unchanged; moving
 * the clock past the retention period erases an old event's other attendees the same way.
 */
const SHOTS = path.resolve('test-output/e2e');
const FOUNDER = 'founder.gao@example.org';
const WEDNESDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1, days: 2 });

const e2e = useBrowserAppWithMail(SHOTS);

describe('personal data, end to end', () => {
  it('register, subscribe, reserve; ask on /privacy; download all three; erase; nothing left, counts unchanged; retention erases the rest', async () => {
    const { t, base, sink } = e2e;
    const coordinator = seedMember(t.app, 'coordinator');
    const held = await seedPublishedEvent(t.app, { title: '创业者早餐会', capacity: 20 }, { daysAhead: 1 });
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'licence');
    // Someone else came to the same event: retention will erase them later.
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${held.event.id}/registrations`, payload: { name: '周敏', email: 'zhou.min@example.org' } })).statusCode).toBe(201);

    const context = await phoneContext(e2e.browser, e2e.t.app, e2e.base, { locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    // Register: the notice is under the form.
    await page.goto(`${base}/events/${held.event.id}`);
    expect(await page.locator('.privacy-notice').innerText()).toContain('活动结束 12 个月后');
    await page.fill('#name', '高远');
    await page.fill('#email', FOUNDER);
    await page.click('form[action$="/register"] button.primary');
    await page.waitForURL(/registered=confirmed/);
    // Subscribe.
    await page.goto(`${base}/subscribe`);
    await page.fill('#email', FOUNDER);
    await page.click('form[action="/subscribe"] button.primary');
    await page.waitForURL(/sent=1/);
    // Reserve a green-channel slot.
    await page.goto(`${base}/green-channel/${service.id}?centre=${centre.id}&date=${WEDNESDAY.toISODate()}`);
    await page.fill('#name', '高远');
    await page.fill('#email', FOUNDER);
    await page.click(`form[action="/green-channel/${service.id}/reserve"] button.primary`);
    await page.waitForURL(/done=mailed/);
    // The reservation is held until confirmed from its mail.
    const hold = await waitFor(() => sink.mailTo(FOUNDER).find((m) => m.subject?.startsWith('请确认您的预约')), 'the mail to confirm the reservation');
    await page.goto(/https?:\/\/\S+\/reservations\/\S+/.exec(hold.text!)![0].replace(/^https?:\/\/[^/]+/, base));
    await page.click('form[action$="/confirm"] button');
    await page.waitForURL(/done=confirmed/);
    await waitFor(() => sink.mailTo(FOUNDER).length >= 4, 'the registration, subscription and reservation mails');

    // The event happens: both check in, then it is over.
    testClock.set(Date.parse(held.event.start) + 30 * 60_000);
    for (const email of [FOUNDER, 'zhou.min@example.org']) {
      expect((await t.app.inject({ method: 'POST', url: `/v1/events/${held.event.id}/checkins`, headers: held.organizer.auth, payload: { email } })).statusCode).toBe(200);
    }
    testClock.set(Date.parse(held.event.end) + 2 * 3_600_000);
    await settle(t.app);
    const year = DateTime.fromISO(held.event.start).setZone('Asia/Shanghai').year;
    const report = async () => (await t.app.inject({ method: 'GET', url: `/v1/reports/impact?from=${year}-01-01&to=${year + 1}-12-31`, headers: coordinator.auth })).json();
    const before = await report();
    expect(before.totals).toMatchObject({ registrations: 2, checkIns: 2 });

    // Ask on /privacy; the link comes by mail.
    await page.goto(`${base}/privacy`);
    await page.fill('#email', FOUNDER);
    await page.click('form[action="/privacy"] button.primary');
    await page.waitForURL(/sent=1/);
    expect(await page.locator('[role=status]').innerText()).toContain('链接已发送至该邮箱');
    const asked = await waitFor(() => sink.mailTo(FOUNDER).find((m) => m.subject === '您申请的个人信息查阅链接'), 'the mailed link');
    const link = /https?:\/\/\S+\/privacy\/me\?token=\S+/.exec(asked.text!)![0];
    await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
    const shown = await page.locator('main').innerText();
    for (const heading of ['活动报名', '订阅', '绿色通道预约', '已签到', '14:00–18:00', '09:00–09:30']) expect(shown).toContain(heading);
    await page.screenshot({ path: path.join(SHOTS, 'privacy-me.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/privacy/me.json"]')]);
    const json = JSON.parse(fs.readFileSync((await download.path()), 'utf8'));
    expect(json.registrations).toMatchObject([{ name: '高远', email: FOUNDER, status: 'checked_in', event: { start: held.event.start, timezone: 'Asia/Shanghai' } }]);
    expect(json.subscriptions).toMatchObject([{ email: FOUNDER }]);
    expect(json.reservations).toMatchObject([{ name: '高远', status: 'confirmed' }]);

    // Erase: the box, then the button.
    await page.check('input[name=confirm]');
    await page.click('form[action="/privacy/me/erase"] button.danger');
    await page.waitForURL(/erased=1/);
    expect(await page.locator('main').innerText()).toContain('我们未保存与');

    // Nothing is left: no row, no API answer, no export, no page.
    expect(everyTextHolding(t.app.db, [FOUNDER, '高远'])).toEqual([]);
    const exported = (await t.app.inject({ method: 'GET', url: `/v1/privacy/export?email=${FOUNDER}`, headers: coordinator.auth })).json();
    expect([exported.registrations, exported.subscriptions, exported.reservations, exported.mails].flat()).toEqual([]);
    const answers = await Promise.all([
      t.app.inject({ method: 'GET', url: `/v1/events/${held.event.id}/registrations`, headers: held.organizer.auth }),
      t.app.inject({ method: 'GET', url: `/v1/events/${held.event.id}/registrations.csv`, headers: held.organizer.auth }),
      t.app.inject({ method: 'GET', url: `/v1/service-centres/${centre.id}/reservations?date=${WEDNESDAY.toISODate()}`, headers: coordinator.auth }),
      t.app.inject({ method: 'GET', url: '/v1/subscribers', headers: coordinator.auth }),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.body).not.toContain(FOUNDER);
      expect(answer.body).not.toContain('高远');
    }
    expect(await report()).toEqual(before);

    // A year after the event (and the slot): the nightly run erases the other attendee too.
    testClock.set(WEDNESDAY.plus({ months: 12, days: 2 }).toMillis());
    await settle(t.app);
    await waitFor(() => t.app.db.select().from(erasures).all().some((run) => run.reason === 'retention' && run.doneAt), 'the retention run');
    expect(everyTextHolding(t.app.db, ['zhou.min@example.org', '周敏'])).toEqual([]);
    expect(await report()).toEqual(before);
    await context.close();
  });
});

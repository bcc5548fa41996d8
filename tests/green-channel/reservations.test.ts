import ICAL from 'ical.js';
import jsqr from 'jsqr';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs, testClock } from '../../src/time/clock.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, startTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { seedCentreWithService } from '../helpers/green-channel-fixtures.js';

const jsQR = jsqr.default;
let t: Awaited<ReturnType<typeof startTestAppWithMail>>;
let coordinator: ReturnType<typeof seedMember>;

/** Monday 08:00 in Shanghai a week from now: the week ahead is all in the future. */
const MONDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 }).set({ hour: 8 });
const day = (offset: number) => MONDAY.plus({ days: offset }).toISODate()!;
const SATURDAY = day(5);
const WEDNESDAY = day(2);

beforeAll(async () => {
  testClock.set(MONDAY.toMillis());
  t = await startTestAppWithMail();
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

const as = (auth: Record<string, string>) => ({
  post: (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> }),
});

const centreWithService = (code: string, seats: number) => seedCentreWithService(t.app, coordinator.auth, code, seats);

const reserveAt = (service: number, centre: number, start: string, email: string, extra: Record<string, unknown> = {}, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/v1/reservations', remoteAddress: ip, payload: { serviceId: service, centreId: centre, start, name: 'Wu Fei', email, language: 'en', ...extra } });

describe('the green channel', () => {
  it('opens a declared make-up Saturday with Monday’s hours, closes a declared Wednesday, reserves with a mail carrying the QR and the .ics', async () => {
    const { centre, service } = await centreWithService('licence', 2);
    expect((await as(coordinator.auth).post('/v1/calendar/days', { date: SATURDAY, kind: 'workday', name: '调休上班' })).statusCode).toBe(200);
    expect((await as(coordinator.auth).post('/v1/calendar/days', { date: WEDNESDAY, kind: 'holiday', name: 'Closed for training' })).statusCode).toBe(200);
    const slots = (date: string) => t.app.inject({ method: 'GET', url: `/v1/services/${service.id}/slots?centre=${centre.id}&date=${date}` });
    const saturday = (await slots(SATURDAY)).json();
    expect(saturday.slots.map((s: { start: string }) => s.start.slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(saturday.slots[0]).toMatchObject({ start: `${SATURDAY}T09:00:00+08:00`, end: `${SATURDAY}T09:30:00+08:00`, remaining: 2 });
    expect((await slots(WEDNESDAY)).json().slots).toEqual([]);
    expect((await slots(day(6))).json().slots).toEqual([]); // Sunday

    const catalogue = (await t.app.inject({ method: 'GET', url: '/v1/services' })).json();
    expect(catalogue.categories[0]).toMatchObject({ code: 'business', name: { 'zh-CN': '企业开办' }, items: [{ code: 'licence', centreIds: [centre.id] }] });

    const made = await reserveAt(service.id, centre.id, `${SATURDAY}T09:30:00+08:00`, 'wu@example.org', { creditCode: '91350100M000100Y43', phone: '138 0013 8000' });
    expect(made.statusCode, made.body).toBe(201);
    const { number } = made.json();
    expect(number).toMatch(/^[A-Z2-9]{6}$/);
    // Held until the address's owner confirms: the first mail is only the link to do so.
    expect(made.json().status).toBe('held');
    const until = DateTime.fromISO(made.json().holdExpiresAt as string).setZone('Asia/Shanghai');
    expect(until.toMillis() - nowMs()).toBeGreaterThan(29 * 60_000);
    expect(until.toMillis() - nowMs()).toBeLessThanOrEqual(30 * 60_000);
    expect((await slots(SATURDAY)).json().slots[1].remaining).toBe(1);
    const hold = await waitFor(() => t.sink.mailTo('wu@example.org')[0], 'the hold mail');
    expect(hold.subject).toBe('Confirm your reservation: Business licence');
    expect(hold.attachments).toHaveLength(0);
    expect(hold.text).not.toContain(number);
    const link = new URL(/https?:\/\/\S+\/reservations\/\S+/.exec(hold.text!)![0]);
    const visitor = browser(t.app);
    expect(textOf(await visitor.get(link.pathname))).toContain(`Held for you until ${until.toFormat('HH:mm')}`);
    const confirmed = await visitor.follow(await visitor.post(`${link.pathname}/confirm`, {}, false));
    expect(textOf(confirmed)).toContain('Confirmed: the confirmation');
    const mail = await waitFor(() => t.sink.mailTo('wu@example.org')[1], 'the reservation mail');
    expect(mail.subject).toBe(`Reservation ${number}: Business licence`);
    expect(mail.text).toContain('Please bring: ID card, lease contract');
    const qr = mail.attachments.find((a) => a.cid === 'counter-qr')!;
    const image = PNG.sync.read(qr.content);
    expect(jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data).toMatch(/^[0-9a-z]+-[\w-]{22}$/);
    const ics = mail.attachments.find((a) => a.filename === 'reservation.ics')!;
    const vevent = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe(`Business licence · ${number}`);
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(new Date(`${SATURDAY}T09:30:00+08:00`).toISOString());
    expect((await slots(SATURDAY)).json().slots[1].remaining).toBe(1);
  });

  it('is moved and cancelled through the link in its mail; a calendar gets the new time', async () => {
    const { centre, service } = await centreWithService('permit', 2);
    const made = await reserveAt(service.id, centre.id, `${day(1)}T09:00:00+08:00`, 'move@example.org');
    expect(made.statusCode).toBe(201);
    const mail = await waitFor(() => t.sink.mailTo('move@example.org')[0], 'the hold mail');
    const link = new URL(/https?:\/\/\S+\/reservations\/\S+/.exec(mail.text!)![0]);
    const visitor = browser(t.app);
    // A held reservation is confirmed before it can move.
    const early = await t.app.inject({ method: 'POST', url: `/v1/reservations/${link.pathname.split('/').at(-1)}/move`, payload: { start: `${day(3)}T09:30:00+08:00` } });
    expect(early.json()).toMatchObject({ status: 409, rule: 'not-confirmed' });
    await visitor.post(`${link.pathname}/confirm`, {}, false);
    const page = await visitor.get(`${link.pathname}?date=${day(2 + 1)}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain(made.json().number);
    expect(textOf(page)).toContain('Business licence');
    expect(page.body).toContain(`value="${day(3)}T09:30:00+08:00"`);
    const moved = await visitor.post(`${link.pathname}/move`, { start: `${day(3)}T09:30:00+08:00` }, false);
    expect(moved.statusCode).toBe(303);
    expect(textOf(await visitor.follow(moved))).toContain('Moved.');
    const again = await waitFor(() => t.sink.mailTo('move@example.org').find((m) => m.subject?.startsWith('Moved')), 'the moved mail');
    const vevent = new ICAL.Component(ICAL.parse(again.attachments.find((a) => a.filename === 'reservation.ics')!.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(new Date(`${day(3)}T09:30:00+08:00`).toISOString());
    // A move to a full or closed time comes back with the reason; the page stays.
    const refused = await visitor.post(`${link.pathname}/move`, { start: `${WEDNESDAY}T09:30:00+08:00` }, false);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused)).toContain('closed that day');

    const token = link.pathname.split('/').at(-1)!;
    const cancelled = await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/cancel` });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', start: `${day(3)}T09:30:00+08:00` });
    expect((await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/cancel` })).statusCode).toBe(200);
    const late = await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/move`, payload: { start: `${day(3)}T10:00:00+08:00` } });
    expect(late.statusCode).toBe(409);
    await waitFor(() => t.sink.mailTo('move@example.org').some((m) => m.subject?.startsWith('Cancelled')), 'the cancellation mail');
    expect((await t.app.inject({ method: 'GET', url: `/v1/reservations/${token.slice(0, -2)}xx` })).statusCode).toBe(400);
  });

  it('is reserved on the pages in either language: the service, a centre and day, a free time, the form', async () => {
    const { centre, service } = await centreWithService('pages', 2);
    const zh = browser(t.app);
    const list = await zh.get('/green-channel?lang=zh-CN'); // the language switch: a cookie keeps it for the later requests
    expect(textOf(list)).toContain('企业开办');
    expect(list.body).toContain(`href="/green-channel/${service.id}"`);
    const page = await zh.get(`/green-channel/${service.id}?centre=${centre.id}&date=${day(1)}`, { 'accept-language': 'zh-CN' });
    expect(textOf(page)).toContain('身份证、租赁合同');
    expect(page.body).toContain(`value="${day(1)}T09:00:00+08:00"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (form: Record<string, string>) => zh.post(`/green-channel/${service.id}/reserve`, { _csrf: csrf, centre: String(centre.id), date: day(1), start: `${day(1)}T09:00:00+08:00`, ...form }, false);
    const bad = await post({ name: '王芳', email: 'not-an-address', creditCode: '91350100M000100Y44' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="王芳"');
    const badCode = await post({ name: '王芳', email: 'wangfang@example.org', creditCode: '91350100M000100Y44' });
    expect(badCode.statusCode).toBe(400);
    expect(textOf(badCode)).toContain('信用代码最后一位应为“3”');
    const done = await post({ name: '王芳', email: 'wangfang@example.org', creditCode: '91350100M000100Y43' });
    expect(done.statusCode).toBe(303);
    // The page says a link was mailed, never the link: whoever typed the address cannot act for its owner.
    expect(String(done.headers.location)).toBe(`/green-channel/${service.id}?centre=${centre.id}&date=${day(1)}&done=mailed`);
    const shown = await zh.follow(done);
    expect(textOf(shown)).toContain('还差一步：我们已向您的邮箱发送链接。请在 30 分钟内打开');
    expect(shown.body).not.toContain('/reservations/');
    const hold = await waitFor(() => t.sink.mailTo('wangfang@example.org')[0], 'the mail in Chinese');
    expect(hold.subject).toBe('请确认您的预约：营业执照办理');
    const link = new URL(/https?:\/\/\S+\/reservations\/\S+/.exec(hold.text!)![0]);
    await zh.post(`${link.pathname}/confirm`, {}, false);
    const confirmed = await waitFor(() => t.sink.mailTo('wangfang@example.org')[1], 'the confirmation in Chinese');
    expect(confirmed.subject).toMatch(/^预约成功 [A-Z2-9]{6}：营业执照办理$/);
  });

  it('refuses what cannot be reserved, each with its reason', async () => {
    const { centre, service } = await centreWithService('tax', 1);
    const at = (time: string, date = day(1)) => `${date}T${time}:00+08:00`;
    const first = await reserveAt(service.id, centre.id, at('10:00'), 'li@example.org');
    expect(first.statusCode).toBe(201);
    const again = await reserveAt(service.id, centre.id, at('11:00'), 'LI@example.org');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ rule: 'already-reserved', number: first.json().number });
    const full = await reserveAt(service.id, centre.id, at('10:00'), 'zhou@example.org');
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ rule: 'slot-full', nextFree: [{ start: at('10:30') }, { start: at('11:00') }, { start: at('11:30') }] });
    for (const [start, field, extra] of [
      [at('10:10'), 'start', {}],
      [at('10:00', day(-3)), 'date', {}],
      [at('10:00', day(40)), 'date', {}],
      [at('10:00', WEDNESDAY), 'start', {}],
      [at('09:00'), 'creditCode', { creditCode: '91350100M000100Y44' }],
      [at('09:00'), 'creditCode', { creditCode: '9135010OM000100Y43' }],
    ] as const) {
      const res = await reserveAt(service.id, centre.id, start, `other-${Math.random()}@example.org`, extra);
      expect(res.statusCode, `${start} ${JSON.stringify(extra)}: ${res.body}`).toBe(400);
      expect(res.json().field).toBe(field);
    }
    const wrongCheck = await reserveAt(service.id, centre.id, at('09:00'), 'cc@example.org', { creditCode: '91350100M000100Y44' });
    expect(wrongCheck.json().detail).toContain('should be 3');
    expect((await reserveAt(999, centre.id, at('09:00'), 'x@example.org')).statusCode).toBe(404);
    expect((await reserveAt(service.id, 999, at('09:00'), 'x@example.org')).statusCode).toBe(404);
  });

  it('never seats more than the slot holds: 200 at once for 10 seats, exactly 10', async () => {
    const { centre, service } = await centreWithService('rush', 10);
    const start = `${day(3)}T09:00:00+08:00`;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => reserveAt(service.id, centre.id, start, `rush-${i}@example.org`, {}, `10.0.${Math.floor(i / 100)}.${i % 100}`)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(190);
    const slots = (await t.app.inject({ method: 'GET', url: `/v1/services/${service.id}/slots?centre=${centre.id}&date=${day(3)}` })).json();
    expect(slots.slots[0].remaining).toBe(0);
  });
});

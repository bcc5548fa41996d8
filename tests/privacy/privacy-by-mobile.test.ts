import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedCentreWithService, reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { everyTextHolding } from '../helpers/personal-data.js';
import { startSmsStandIn } from '../helpers/sms-standin.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 'provider-secret-0123456789';
const MOBILE = '+8613900139000';

let standIn: Awaited<ReturnType<typeof startSmsStandIn>>;
let t: TestApp;
let coordinator: ReturnType<typeof seedMember>;
beforeAll(async () => {
  standIn = await startSmsStandIn('aliyun', SECRET);
  t = await startTestApp({ SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'LTAI-test-id', SMS_ACCESS_KEY_SECRET: SECRET, SMS_SIGN_NAME: '五角场创联', SMS_TEMPLATE: 'SMS_000001', SMS_BASE_URL: standIn.url });
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(async () => {
  await t?.close();
  await standIn?.close();
  testClock.reset();
});

/** Asks /privacy for a code by mobile number; answers the code page's address. */
async function askByMobile(person: ReturnType<typeof browser>, typed: string) {
  const page = await person.get('/privacy?lang=zh-CN');
  expect(page.body).toContain('action="/privacy/sms"');
  const asked = await person.post('/privacy/sms', { mobile: typed });
  expect(asked.statusCode, asked.body).toBe(303);
  await t.app.texting.idle(); // codes go out in the background
  expect(asked.headers.location).toMatch(/^\/privacy\/code\?t=/);
  return asked.headers.location as string;
}

const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe('a person’s own data by mobile number', () => {
  it('texts a code only to a number something is held about; the code opens the page with the registration and the reservation, which can be erased', async () => {
    const { event } = await seedPublishedEvent(t.app, { askMobile: 'required', title: '硬科技路演' }, { daysAhead: 10 });
    const registered = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: '孙悦', email: 'sun.yue@example.org', mobile: '139 0013 9000' } });
    expect(registered.statusCode, registered.body).toBe(201);
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'tax');
    const start = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1, days: 2 }).set({ hour: 10 }).toISO();
    const reserved = await reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start, name: '孙悦', email: 'yue@example.net', phone: MOBILE, company: '悦行科技', language: 'zh-CN' });
    expect(reserved.statusCode, reserved.body).toBe(201);

    const person = browser(t.app);
    const before = standIn.sent.length;
    const codePage = await askByMobile(person, '+86 139 0013 9000');
    // The number is sealed in the page's address: no URL (or the log line of one) shows it.
    expect(codePage).not.toMatch(/13900139000|139%20/);
    expect(standIn.sent.slice(before)).toEqual([{ mobile: MOBILE, code: expect.stringMatching(/^\d{6}$/) }]);
    const { code } = standIn.sent.at(-1)!;
    const shown = await person.get(codePage);
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown)).toContain('139 **** 9000');
    expect(shown.body).toContain('autocomplete="one-time-code"');

    const token = new URL(codePage, 'http://x').searchParams.get('t')!;
    const wrong = await person.post('/privacy/code', { t: token, code: otherThan(code) });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong)).toContain('还可以再试 4 次');
    // A privacy code does not sign anyone in, even a member with that number.
    const member = seedMember(t.app, 'organizer');
    t.app.db.update(members).set({ mobile: MOBILE }).where(eq(members.id, member.member.id)).run();
    const signIn = new URL(`http://x${(await person.post('/signin/sms', { mobile: MOBILE, next: '/home' })).headers.location}`).searchParams.get('t')!;
    await t.app.texting.idle();
    const signInCode = standIn.sent.at(-1)!.code;
    if (signInCode !== code) expect((await person.post('/signin/code', { t: signIn, next: '/home', code })).statusCode).toBe(400);

    const right = await person.post('/privacy/code', { t: token, code });
    expect(right.statusCode, right.body).toBe(303);
    expect(right.headers.location).toMatch(/^\/privacy\/me\?token=/);
    expect(right.headers.location).not.toContain('13900139000');
    const mine = await person.follow(right);
    expect(textOf(mine)).toContain('与 139 0013 9000 有关的全部信息');
    expect(textOf(mine)).toContain('硬科技路演');
    expect(textOf(mine)).toContain('孙悦');
    expect(textOf(mine)).toContain('sun.yue@example.org'); // what was typed with the number
    expect(textOf(mine)).toContain('悦行科技');
    // Mail went to the addresses typed with the number; by number it is neither shown nor erased.
    expect(textOf(mine)).toContain('我们发出的邮件按收件邮箱保存');
    expect(textOf(mine)).not.toContain('发给您的邮件');
    // Used once: the same code again is refused in words.
    expect((await person.post('/privacy/code', { t: token, code })).statusCode).toBe(400);

    const accessToken = new URL(right.headers.location as string, 'http://x').searchParams.get('token')!;
    const json = JSON.parse((await person.get(`/privacy/me.json?token=${accessToken}`)).body);
    expect(json.subject).toEqual({ mobile: MOBILE });
    expect(json.registrations).toMatchObject([{ name: '孙悦', mobile: MOBILE }]);
    expect(json.reservations).toMatchObject([{ name: '孙悦', phone: MOBILE, company: '悦行科技' }]);
    expect(json.mails).toEqual([]);

    const done = await person.follow(await person.post('/privacy/me/erase', { token: accessToken, confirm: 'yes' }));
    expect(textOf(done)).toContain('已删除：1 条报名、1 条预约');
    expect(textOf(done)).toContain('我们未保存与 139 0013 9000 有关的信息');
    // Left: the member's own profile (members keep theirs), and mail, which is kept by address and
    // so found and erased by asking with the address — a number proves no address.
    expect(everyTextHolding(t.app.db, [MOBILE, '孙悦']).filter((hit) => !/^(members|emails)\./.test(hit))).toEqual([]);
  });

  it('answers alike for a number nothing is held about, texting nothing; a bad number re-renders /privacy with the reason', async () => {
    const person = browser(t.app);
    const before = standIn.sent.length;
    const codePage = await askByMobile(person, '139 0000 0001');
    expect(standIn.sent.length).toBe(before);
    expect(textOf(await person.get(codePage))).toContain('139 **** 0001');
    // Any code is refused as one that no longer works: all the visitor may learn.
    const token = new URL(codePage, 'http://x').searchParams.get('t')!;
    const refused = await person.post('/privacy/code', { t: token, code: '123456' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused)).toContain('请重新获取');

    const bad = await person.post('/privacy/sms', { mobile: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('须为中国大陆手机号');
    expect(bad.body).toContain('action="/privacy"'); // the whole page, the address form too
    expect(bad.body).toContain('value="12345"');
    // A tampered code page is a bad link, not a page.
    expect((await person.get(`/privacy/code?t=${token.slice(0, -2)}xx`)).statusCode).toBe(400);
  });

  it('answers before the provider does: how long the answer takes does not tell whether a code went out', async () => {
    const { event } = await seedPublishedEvent(t.app, { askMobile: 'required' }, { daysAhead: 14 });
    const mobile = '+8613900139007';
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: 'Lu', email: 'lu@example.org', mobile } })).statusCode).toBe(201);
    const person = browser(t.app);
    await person.get('/privacy');
    standIn.holdMs = 2_000; // a slow provider
    try {
      const before = standIn.sent.length;
      const asked = await person.post('/privacy/sms', { mobile });
      expect(asked.statusCode).toBe(303);
      // The page has answered while its code is still on the way.
      expect(t.app.texting.pending).toBe(1);
      await t.app.texting.idle();
      expect(standIn.sent.slice(before)).toMatchObject([{ mobile }]);
    } finally {
      standIn.holdMs = 0;
    }
  });

  it('counts codes per number together with sign-in codes', async () => {
    const { event } = await seedPublishedEvent(t.app, { askMobile: 'required' }, { daysAhead: 12 });
    const mobile = '+8613900139005';
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: 'Zhou', email: 'zhou@example.org', mobile } })).statusCode).toBe(201);
    const person = browser(t.app);
    for (let i = 0; i < 3; i++) await askByMobile(person, mobile);
    for (let i = 0; i < 2; i++) expect((await person.post('/signin/sms', { mobile, next: '/home' })).statusCode).toBe(303);
    const limited = await person.post('/privacy/sms', { mobile });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('offers no mobile form and no code pages without an SMS provider', async () => {
    const plain = await startTestApp();
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/privacy' })).body).not.toContain('/privacy/sms');
      expect((await plain.app.inject({ method: 'POST', url: '/privacy/sms', payload: { mobile: MOBILE } })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config/config.js';
import { members, sessions } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { startSmsStandIn } from '../helpers/sms-standin.js';
import { seedMember, startTestApp, testEnv, type TestApp } from '../helpers/test-app.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SECRET = 'provider-secret-0123456789';

describe.each(['aliyun', 'tencent'] as const)('signing in with a code texted by %s', (provider) => {
  let standIn: Awaited<ReturnType<typeof startSmsStandIn>>;
  let t: TestApp;
  let wrongKey: TestApp;
  const settings = (secret: string) => ({
    SMS_PROVIDER: provider,
    SMS_ACCESS_KEY_ID: 'LTAI-test-id',
    SMS_ACCESS_KEY_SECRET: secret,
    SMS_SIGN_NAME: '五角场创联',
    SMS_TEMPLATE: provider === 'aliyun' ? 'SMS_000001' : '1234567',
    SMS_SDK_APP_ID: '1400000000',
    SMS_BASE_URL: standIn.url,
  });

  beforeAll(async () => {
    standIn = await startSmsStandIn(provider, SECRET);
    t = await startTestApp(settings(SECRET));
    wrongKey = await startTestApp(settings('not-the-secret'));
  });
  afterAll(async () => {
    await t?.close();
    await wrongKey?.close();
    await standIn?.close();
  });

  /** A member with a mobile number on their profile. */
  function memberWithMobile(app: TestApp['app'], mobile: string) {
    const organizer = seedMember(app, 'organizer');
    app.db.update(members).set({ mobile }).where(eq(members.id, organizer.member.id)).run();
    return organizer.member;
  }

  /** Asks for a code on the sign-in page; answers the code page's address. */
  async function askForCode(b: ReturnType<typeof browser>, typed: string) {
    const signin = await b.get('/signin');
    expect(signin.body).toContain('action="/signin/sms"');
    const asked = await b.post('/signin/sms', { mobile: typed, next: '/home' });
    expect(asked.statusCode).toBe(303);
    // Codes go out in the background: wait until whatever was handed over has gone.
    await Promise.all([t.app.texting.idle(), wrongKey.app.texting.idle()]);
    expect(asked.headers.location).toMatch(/^\/signin\/code\?t=/);
    return asked.headers.location as string;
  }

  it('texts a six-digit code through the signed API; the right code signs in and works once', async () => {
    const member = memberWithMobile(t.app, '+8613800138001');
    const b = browser(t.app);
    const codePage = await askForCode(b, '138 0013 8001');
    const text = standIn.sent.at(-1)!;
    expect(text.mobile).toBe('+8613800138001');
    expect(text.code).toMatch(/^\d{6}$/);
    const page = await b.get(codePage);
    expect(textOf(page)).toContain('138 **** 8001');
    expect(page.body).toContain('autocomplete="one-time-code"');

    const t1 = new URL(codePage, 'http://x').searchParams.get('t')!;
    const wrong = await b.post('/signin/code', { t: t1, next: '/home', code: text.code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong)).toContain('you can try 4 more times');
    const right = await b.post('/signin/code', { t: t1, next: '/home', code: text.code });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/home');
    expect(textOf(await b.follow(right))).toContain(member.name);
    expect(t.app.db.select().from(sessions).where(eq(sessions.memberId, member.id)).all()).toHaveLength(1);
    // Used: the same code again is refused, in words.
    const again = await b.post('/signin/code', { t: t1, next: '/home', code: text.code });
    expect(again.statusCode).toBe(400);
  });

  it('stops a code after 5 wrong tries and after 10 minutes', async () => {
    memberWithMobile(t.app, '+8613800138002');
    const b = browser(t.app);
    const token = new URL(await askForCode(b, '+86 13800138002'), 'http://x').searchParams.get('t')!;
    const { code } = standIn.sent.at(-1)!;
    const other = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await b.post('/signin/code', { t: token, code: other })).statusCode).toBe(400);
    const locked = await b.post('/signin/code?lang=zh-CN', { t: token, code });
    expect(locked.statusCode).toBe(400);
    expect(textOf(locked)).toContain('验证码已失效');

    const late = new URL(await askForCode(b, '13800138002'), 'http://x').searchParams.get('t')!;
    const fresh = standIn.sent.at(-1)!.code;
    testClock.advance(10 * 60_000 + 1_000);
    try {
      const lapsed = await b.post('/signin/code', { t: late, code: fresh });
      expect(lapsed.statusCode).toBe(400);
      expect(textOf(lapsed)).toContain('请重新获取'); // the page's language since ?lang=zh-CN above
    } finally {
      testClock.reset();
    }
  });

  it('answers the same for a number nobody has and texts nothing; a provider that refuses changes no answer', async () => {
    const before = standIn.sent.length;
    const b = browser(t.app);
    expect(await askForCode(b, '139 0000 0000')).toMatch(/^\/signin\/code/);
    expect(standIn.sent.length).toBe(before);
    const bad = await b.post('/signin/sms', { mobile: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('mainland China mobile number');

    // With the wrong secret the stand-in refuses the signature: nothing is texted, the page says the same.
    memberWithMobile(wrongKey.app, '+8613800138003');
    const requests = standIn.requests.length;
    expect(await askForCode(browser(wrongKey.app), '13800138003')).toMatch(/^\/signin\/code/);
    expect(standIn.requests.length).toBe(requests + 1);
    expect(standIn.sent.length).toBe(before);
  });

  it('limits codes per number', async () => {
    memberWithMobile(t.app, '+8613800138004');
    const b = browser(t.app);
    await b.get('/signin');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await b.post('/signin/sms', { mobile: '13800138004' })).statusCode);
    expect(answers).toEqual([303, 303, 303, 303, 303, 429]);
  });
});

describe('“at most 5 an hour” per number is 5 in any 60 minutes, and survives a restart', () => {
  let standIn: Awaited<ReturnType<typeof startSmsStandIn>>;
  const apps: TestApp[] = [];
  const dir = makeTempDir();
  const start = async () => {
    const app = await startTestApp({
      DATABASE_PATH: path.join(dir.dir, 'limits.db'),
      SMS_PROVIDER: 'aliyun',
      SMS_ACCESS_KEY_ID: 'LTAI-test-id',
      SMS_ACCESS_KEY_SECRET: SECRET,
      SMS_SIGN_NAME: '五角场创联',
      SMS_TEMPLATE: 'SMS_000001',
      SMS_BASE_URL: standIn.url,
    });
    apps.push(app);
    return app;
  };
  beforeAll(async () => {
    standIn = await startSmsStandIn('aliyun', SECRET);
  });
  afterAll(async () => {
    testClock.unfreeze();
    for (const app of apps) await app.close();
    await standIn?.close();
    dir.cleanup();
  });

  it('refuses a sixth code 12 and 59 minutes on, across a restart without Redis; the first leaves the hour at 60', async () => {
    testClock.freeze();
    let t = await start();
    const ask = async () => {
      const b = browser(t.app);
      await b.get('/signin');
      return (await b.post('/signin/sms', { mobile: '13800138009' })).statusCode;
    };
    // Five asks a minute apart (minutes 0–4).
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await ask());
      if (i < 4) testClock.advance(60_000);
    }
    expect(answers).toEqual([303, 303, 303, 303, 303]);
    // Minute 16: a burst-then-refill limit would have let one through by now (one per 12 minutes).
    testClock.advance(12 * 60_000);
    expect(await ask()).toBe(429);
    // The counts are in the database: a restarted service (inline jobs, no Redis) remembers them.
    await t.close();
    t = await start();
    testClock.advance(43 * 60_000);
    expect(await ask()).toBe(429); // minute 59
    testClock.advance(60_000);
    expect(await ask()).toBe(303); // minute 60: the first has left the hour
    expect(await ask()).toBe(429); // … and only the first
    testClock.advance(60_000);
    expect(await ask()).toBe(303); // minute 61: the second has
    expect(await ask()).toBe(429);
  });
});

describe('SMS settings', () => {
  it('names what a provider still needs, and keeps the mailed link the only way without one', async () => {
    expect(() => loadConfig(testEnv('/tmp/x', { SMS_PROVIDER: 'tencent', SMS_ACCESS_KEY_ID: 'id' }))).toThrow(ConfigError);
    expect(() => loadConfig(testEnv('/tmp/x', { SMS_PROVIDER: 'tencent', SMS_ACCESS_KEY_ID: 'id' }))).toThrow(/SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME, SMS_TEMPLATE, SMS_SDK_APP_ID/);
    const plain = await startTestApp();
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/signin' })).body).not.toContain('/signin/sms');
      // No code pages: /signin/code is only a (bad) sign-in link there.
      expect((await plain.app.inject({ method: 'GET', url: '/signin/code?t=x.y' })).statusCode).toBe(400);
    } finally {
      await plain.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { emails, sessions } from '../../src/db/schema.js';
import { signInUrl } from '../../src/auth/signin-links.js';
import { pageRoute } from '../../src/web/frame/page-route.js';
import { startSession } from '../../src/web/frame/web-session.js';
import { browser } from '../helpers/page-browser.js';
import { seedMember, startTestApp, useTestApp, type TestApp } from '../helpers/test-app.js';

const t = useTestApp();

const linkIn = (app: TestApp['app'], address: string) => {
  const mail = app.db.select().from(emails).all().filter((m) => m.toAddress === address).at(-1);
  return mail ? new URL(/https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0]) : undefined;
};

describe('signing in by emailed link', () => {
  it('mails a single-use link; its page only shows a button; the button opens a session with a safe cookie', async () => {
    const manager = seedMember(t.app, 'park_manager');
    const b = browser(t.app);
    expect((await b.get('/signin')).statusCode).toBe(200);
    const sent = await b.follow(await b.post('/signin', { email: manager.member.email.toUpperCase(), next: '/?from=mail' }));
    expect(sent.body).toContain('sign-in link is on its way');
    const link = linkIn(t.app, manager.member.email)!;
    expect(link.pathname).toMatch(/^\/signin\/[\w-]+\.[\w-]+$/);

    const shown = await b.get(link.pathname + link.search);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(manager.member.name);
    expect(t.app.db.select().from(sessions).all()).toHaveLength(0); // opening the link does not sign in

    const done = await b.post(link.pathname, { next: '/?from=mail' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/?from=mail');
    const cookie = (done.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }>).find((c) => c.name === 'cl_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie.secure).toBeFalsy(); // PUBLIC_URL is http here
    expect((await b.get('/')).body).toContain(manager.member.name);

    // Used: a second time is refused, in a fresh browser too.
    const again = await browser(t.app).get(link.pathname);
    expect(again.statusCode).toBe(410);
  });

  it('offers a new link in one tap on a used or expired link’s page, mailed to the same member', async () => {
    const organizer = seedMember(t.app, 'organizer');
    const b = browser(t.app);
    await b.get('/signin');
    await b.post('/signin', { email: organizer.member.email });
    const used = linkIn(t.app, organizer.member.email)!;
    await b.get(used.pathname + used.search);
    await b.post(used.pathname, { next: '/' });
    const page = await b.get(used.pathname + used.search);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has already been used.');
    expect(page.body).toContain(`action="${used.pathname}/renew"`);
    expect(page.body).not.toContain(organizer.member.email); // the page never shows whose it was
    const renewed = await b.follow(await b.post(`${used.pathname}/renew`, { next: '/' }));
    expect(renewed.body).toContain('sign-in link is on its way');
    const fresh = linkIn(t.app, organizer.member.email)!;
    expect(fresh.pathname).not.toBe(used.pathname);
    expect((await b.get(fresh.pathname + fresh.search)).statusCode).toBe(200);

    // An expired one: the same offer.
    const expired = signInUrl(t.app.secretKey, t.app.config.publicUrl, organizer.member.id, '/', -60);
    const old = await b.get(new URL(expired).pathname);
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('/renew"');
    // A forged token gets nothing.
    expect((await b.post('/signin/garbage.garbage/renew', {})).statusCode).toBe(400);
  });

  it('answers the same for an unknown address and mails nothing', async () => {
    const b = browser(t.app);
    await b.get('/signin');
    const before = t.app.db.select().from(emails).all().length;
    const res = await b.follow(await b.post('/signin', { email: 'nobody@nowhere.example' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sign-in link is on its way');
    expect(t.app.db.select().from(emails).all()).toHaveLength(before);
  });

  it('refuses a form post without the CSRF field, or with another browser’s', async () => {
    const b = browser(t.app);
    await b.get('/signin');
    expect((await b.post('/signin', { email: 'x@example.org' }, false)).statusCode).toBe(403);
    const other = browser(t.app);
    await other.get('/signin');
    const stolen = await t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: `cl_csrf=${b.jar.get('cl_csrf')}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(other.csrf)}&email=x%40example.org`,
    });
    expect(stolen.statusCode).toBe(403);
  });

  it('binds the form token to the session: a CSRF cookie planted with a token its planter got is useless', async () => {
    // The attacker visits the site and gets a seed cookie and its form token.
    const attacker = browser(t.app);
    await attacker.get('/signin');
    const plantedSeed = attacker.jar.get('cl_csrf')!;
    // The victim is signed in; the attacker manages to plant that seed cookie in the victim's browser.
    const victim = seedMember(t.app, 'coordinator');
    const session = startSession(t.app.db, victim.member.id);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/office/organizations',
      headers: { cookie: `cl_csrf=${plantedSeed}; cl_session=${session}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(attacker.csrf)}&name=Forged&kind=incubator`,
    });
    expect(forged.statusCode).toBe(403);
    // The victim's own page carries a token that works, with the same seed.
    const own = browser(t.app);
    own.jar.set('cl_csrf', plantedSeed);
    own.as(victim.member.id);
    await own.get('/office/organizations');
    expect(own.csrf).not.toBe(attacker.csrf);
    expect((await own.post('/office/organizations', { name: `Real ${Date.now()}`, kind: 'incubator' })).statusCode).toBe(303);
  });

  it('signs out, ending the session', async () => {
    const organizer = seedMember(t.app, 'organizer');
    const b = browser(t.app);
    await b.get('/signin');
    await b.post('/signin', { email: organizer.member.email });
    const link = linkIn(t.app, organizer.member.email)!;
    await b.get(link.pathname);
    await b.post(link.pathname, {});
    const token = b.jar.get('cl_session')!;
    expect((await b.get('/')).body).toContain(organizer.member.name);
    expect((await b.post('/signout', {})).statusCode).toBe(303);
    expect(b.jar.has('cl_session')).toBe(false);
    // The old cookie no longer works either.
    const replayed = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `cl_session=${token}` } });
    expect(replayed.body).not.toContain(organizer.member.name);
  });

  it('sets Secure __Host- cookies when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://chuanglian.example' });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/signin' });
      // __Host-: only from this host, Secure, path /, so no neighbour can plant it.
      expect((res.cookies as Array<{ name: string; secure?: boolean; path?: string; domain?: string }>).find((c) => c.name === '__Host-cl_csrf')).toMatchObject({ secure: true, path: '/' });
      expect(res.cookies.find((c: { domain?: string }) => c.domain)).toBeUndefined();
    } finally {
      await secure.close();
    }
  });
});

describe('languages', () => {
  it('follows Accept-Language, switches with ?lang= and remembers the choice', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/' })).body).toContain('<html lang="zh-CN">');
    expect((await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } })).body).toContain('<html lang="en">');
    const b = browser(t.app);
    const switched = await b.get('/?lang=en');
    expect(switched.body).toContain('Upcoming events');
    expect(b.jar.get('cl_lang')).toBe('en');
    expect((await b.get('/', { 'accept-language': 'zh-CN' })).body).toContain('<html lang="en">');
  });
});

describe('page access', () => {
  it('refuses to start with a page that declares no page access', async () => {
    const app = await buildApp({ config: t.config });
    app.get('/forgotten-page', { config: { access: 'public' } }, async () => 'oops');
    await expect(app.ready()).rejects.toThrow('Pages without a page access declaration (config.page): GET /forgotten-page');
    await app.close().catch(() => {});
  });

  it('sends visitors who are not signed in to the sign-in page, and refuses the wrong role with 403', async () => {
    const app = await buildApp({ config: t.config });
    app.get('/coordinators-only', pageRoute({ roles: ['coordinator'] }), async () => 'ok');
    await app.ready();
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/coordinators-only' });
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/signin?next=%2Fcoordinators-only');
      const organizer = seedMember(app, 'organizer');
      const session = startSession(app.db, organizer.member.id);
      const refused = await app.inject({ method: 'GET', url: '/coordinators-only', headers: { cookie: `cl_session=${session}` } });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('text/html');
      const coordinator = seedMember(app, 'coordinator');
      const allowed = await app.inject({ method: 'GET', url: '/coordinators-only', headers: { cookie: `cl_session=${startSession(app.db, coordinator.member.id)}` } });
      expect(allowed.body).toBe('ok');
    } finally {
      await app.close();
    }
  });
});

describe('where sign-in leads', () => {
  /** Signs a fresh member in through the mailed link with this `next`; returns where the browser is sent. */
  async function landing(next: string) {
    const member = seedMember(t.app, 'organizer');
    const link = new URL(signInUrl(t.app.secretKey, t.app.config.publicUrl, member.member.id));
    const b = browser(t.app);
    await b.get(link.pathname);
    const done = await b.post(link.pathname, { next });
    expect(done.statusCode).toBe(303);
    return done.headers.location as string;
  }

  it.each([
    ['/\t/evil.example/phish', '/home'],
    ['/\\evil.example', '/home'],
    ['//evil.example', '/home'],
    ['/..//evil.example', '/home'],
    ['https://evil.example/', '/home'],
    ['javascript:alert(1)', '/home'],
    ['/a\r\nSet-Cookie: x=1', '/aSet-Cookie:%20x=1'],
    ['/\ud800', '/%EF%BF%BD'],
    ['/my/events?x=1', '/my/events?x=1'],
  ])('next=%j goes to %s, a page of this site (a hostile one to the member’s home)', async (next, expected) => {
    expect(await landing(next)).toBe(expected);
  });

  it('keeps a hostile next out of the sign-in form and the mailed link', async () => {
    const b = browser(t.app);
    const page = await b.get(`/signin?next=${encodeURIComponent('/\t/evil.example')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/home"');
    const member = seedMember(t.app, 'organizer');
    await b.post('/signin', { email: member.member.email, next: '/\n/evil.example' });
    expect(linkIn(t.app, member.member.email)!.searchParams.get('next')).toBe('/home');
  });
});

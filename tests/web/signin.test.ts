import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { emails, sessions } from '../../src/db/schema.js';
import { pageRoute } from '../../src/web/signin-routes.js';
import { startSession } from '../../src/web/web-session.js';
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
    const sent = await b.post('/signin', { email: manager.member.email.toUpperCase(), next: '/?from=mail' });
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

  it('answers the same for an unknown address and mails nothing', async () => {
    const b = browser(t.app);
    await b.get('/signin');
    const before = t.app.db.select().from(emails).all().length;
    const res = await b.post('/signin', { email: 'nobody@nowhere.example' });
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

  it('sets Secure cookies when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://chuanglian.example' });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/signin' });
      expect((res.cookies as Array<{ name: string; secure?: boolean }>).find((c) => c.name === 'cl_csrf')?.secure).toBe(true);
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

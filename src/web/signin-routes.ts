import type { FastifyPluginAsync } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { signLink, verifyLink, type SignedPayload } from '../auth/signed-links.js';
import { members, usedLinks } from '../db/schema.js';
import { HttpError } from '../errors/http-errors.js';
import { escapeHtml } from '../http/html.js';
import { limitPerHour } from '../http/rate-limit.js';
import { queueEmail } from '../mail/email-outbox.js';
import { signInMail } from '../mail/templates/signin.js';
import { t } from './i18n.js';
import { csrfField, page } from './layout.js';
import { cookieOptions, pageError, type PageAccess } from './web-plugin.js';
import { endSession, SESSION_COOKIE, SESSION_DAYS, startSession } from './web-session.js';

const PURPOSE = 'signin';
const LINK_TTL_SECONDS = 15 * 60;
/** Sign-in links asked for per hour, per address and per IP address. */
const PER_ADDRESS = 5;
const PER_IP = 30;

/** A page route: no API token at the API layer; `page` says who may open it (see web-plugin.ts). */
export const pageRoute = (access: PageAccess) => ({ config: { access: 'public' as const, page: access }, schema: { hide: true } });

/** Only paths of this site: no other origin, no protocol-relative //host. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

type Form = Record<string, string | undefined>;

export const signInRoutes: FastifyPluginAsync = async (app) => {
  app.get('/signin', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const next = safeNext((request.query as Form).next);
    return reply.type('text/html; charset=utf-8').send(
      page(
        visitor,
        t(visitor.language, 'signIn'),
        `<form method="post" action="/signin">${csrfField(visitor)}<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="email">${escapeHtml(t(visitor.language, 'email'))}</label><input id="email" name="email" type="email" required autocomplete="email">
<p><button>${escapeHtml(t(visitor.language, 'sendLink'))}</button></p></form>`,
        '/signin',
      ),
    );
  });

  app.post('/signin', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as Form;
    const email = (form.email ?? '').trim().toLowerCase();
    try {
      await limitPerHour(app.jobs.rateLimiter, 'signin-ip', request.ip, PER_IP, 'sign-in requests from your address');
      if (email) await limitPerHour(app.jobs.rateLimiter, 'signin-email', email, PER_ADDRESS, 'sign-in links for this email');
    } catch (error) {
      if (error instanceof HttpError) return pageError(reply, visitor, error.status, error.message);
      throw error;
    }
    const member = email ? app.db.select().from(members).where(eq(sql`lower(${members.email})`, email)).get() : undefined;
    if (member) {
      const token = signLink(app.secretKey, PURPOSE, { m: member.id }, LINK_TTL_SECONDS);
      const url = `${app.config.publicUrl}/signin/${token}?next=${encodeURIComponent(safeNext(form.next))}`;
      queueEmail(app.db, 'signin', signInMail({ to: member.email, name: member.name, language: member.language, url }));
      app.outbox.kick();
    }
    // The same answer whether or not the address is a member's.
    return reply.type('text/html; charset=utf-8').send(page(visitor, t(visitor.language, 'signIn'), `<p class="notice">${escapeHtml(t(visitor.language, 'linkSent'))}</p>`, '/signin'));
  });

  /** The member a sign-in link names, if it is valid and unused; else an error page's message. */
  function linkedMember(token: string) {
    const link = verifyLink<SignedPayload & { m: number }>(app.secretKey, PURPOSE, token);
    if (app.db.select().from(usedLinks).where(eq(usedLinks.nonce, link.n)).get()) return { error: 'used' as const };
    const member = app.db.select().from(members).where(eq(members.id, link.m)).get();
    return member ? { link, member } : { error: 'gone' as const };
  }

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  app.get('/signin/:token', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const { token } = request.params as { token: string };
    const found = withLinkErrors(() => linkedMember(token));
    if ('message' in found) return pageError(reply, visitor, found.status, found.message);
    if (!found.member) return pageError(reply, visitor, 410, linkMessage(visitor.language, found.error ?? 'gone'));
    const next = safeNext((request.query as Form).next);
    return reply.type('text/html; charset=utf-8').send(
      page(
        visitor,
        t(visitor.language, 'signIn'),
        `<form method="post" action="/signin/${escapeHtml(token)}">${csrfField(visitor)}<input type="hidden" name="next" value="${escapeHtml(next)}">
<button>${escapeHtml(t(visitor.language, 'confirmSignIn', { name: found.member.name }))}</button></form>`,
        `/signin/${token}`,
      ),
    );
  });

  app.post('/signin/:token', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const { token } = request.params as { token: string };
    const found = withLinkErrors(() => linkedMember(token));
    if ('message' in found) return pageError(reply, visitor, found.status, found.message);
    if (!found.member) return pageError(reply, visitor, 410, linkMessage(visitor.language, found.error ?? 'gone'));
    const session = app.db.transaction((tx) => {
      tx.insert(usedLinks).values({ nonce: found.link.n, usedAt: new Date() }).run();
      return startSession(tx, found.member.id);
    });
    reply.setCookie(SESSION_COOKIE, session, cookieOptions(app, SESSION_DAYS * 24 * 3600));
    return reply.redirect(safeNext((request.body as Form).next), 303);
  });

  app.post('/signout', pageRoute('public'), async (request, reply) => {
    endSession(app.db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
};

function withLinkErrors<T extends object>(find: () => T): T | { status: number; message: string } {
  try {
    return find();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
}

function linkMessage(language: 'en' | 'zh-CN', reason: 'used' | 'gone'): string {
  if (reason === 'used') return language === 'en' ? 'This sign-in link has been used. Ask for a new one.' : '该登录链接已使用，请重新获取。';
  return language === 'en' ? 'This member no longer exists.' : '该成员已不存在。';
}

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal } from '../auth/principal.js';
import type { Language, Role } from '../db/schema.js';
import type { Problem } from '../errors/problem-handler.js';
import { escapeHtml } from '../http/html.js';
import { LANGUAGE_COOKIE, languageOf, t, type MessageKey } from './i18n.js';
import { notice, sendPage } from './layout.js';
import { CSRF_COOKIE, csrfToken, newCsrfSeed, sessionPrincipal, SESSION_COOKIE, validCsrf } from './web-session.js';

/**
 * Who may open a page: `public`, any signed-in `member`, or `{ roles }`. Pages use session
 * cookies (the API uses bearer tokens only), so every page route declares `config.page` and the
 * app refuses to start without it, as it does for `config.access`.
 */
export type PageAccess = 'public' | 'member' | { roles: readonly Role[] };

/** The person looking at a page. */
export interface Visitor {
  principal: Principal | null;
  language: Language;
  /** The value forms must send back as `_csrf`. */
  csrf: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    page?: PageAccess;
  }
  interface FastifyRequest {
    visitor: Visitor;
  }
  interface FastifyInstance {
    /** Renders a problem as a page in the site's frame and the visitor's language. */
    problemPage(reply: FastifyReply, problem: Problem): FastifyReply;
    /** Answers with a page in the site's frame: for the API's signed-link pages opened from mail. */
    sitePage(reply: FastifyReply, title: string, body: string, status?: number): FastifyReply;
  }
}

/** Cookie attributes: HttpOnly, SameSite=Lax, Secure when PUBLIC_URL is https. */
export function cookieOptions(app: FastifyInstance, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: app.config.publicUrl.startsWith('https:'), ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** Answers with a page carrying a status (403, 400 …) instead of a problem+json. */
export function pageError(reply: FastifyReply, visitor: Visitor, status: number, message: string): FastifyReply {
  return sendPage(reply, visitor, message, notice(message, 'error'), reply.request.url, status);
}

/** The visitor of a request the page hook has not seen (an error before it ran, a signed-link page of the API). */
export function visitorOf(app: FastifyInstance, request: FastifyRequest): Visitor {
  if (request.visitor) return request.visitor;
  const seed = request.cookies?.[CSRF_COOKIE];
  return { principal: null, language: languageOf(request).language, csrf: seed ? csrfToken(app.secretKey, seed) : '' };
}

const PROBLEM_TITLES: Record<number, MessageKey> = { 400: 'problem400', 401: 'problem403', 403: 'problem403', 404: 'problem404', 409: 'problem409', 410: 'problem410', 429: 'problem429' };

/** Pages are every route outside the API (/v1, health, OpenAPI), its docs and the queue dashboard (/admin). */
export function isPageUrl(url: string): boolean {
  return !url.startsWith('/v1') && !url.startsWith('/docs') && !url.startsWith('/admin') && !['/healthz', '/readyz', '/openapi.json'].includes(url);
}

export const webPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    const pages: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      if (isPageUrl(route.url)) pages.push(route);
    });
    app.addHook('onReady', async () => {
      const missing = pages.filter((route) => !route.config?.page).map((route) => `${route.method} ${route.url}`);
      if (missing.length) throw new Error(`Pages without a page access declaration (config.page): ${missing.join(', ')}.`);
    });

    app.decorate('problemPage', (reply: FastifyReply, problem: Problem) => {
      const visitor = visitorOf(app, reply.request);
      const key = PROBLEM_TITLES[problem.status];
      const title = key ? t(visitor.language, key) : problem.title;
      const body = `${notice(problem.detail, 'error')}<p class="actions"><a href="javascript:history.back()">${escapeHtml(t(visitor.language, 'goBack'))}</a><a href="/">${escapeHtml(t(visitor.language, 'home'))}</a></p><p class="muted">${problem.status} · ${escapeHtml(problem.requestId ?? '')}</p>`;
      return sendPage(reply, visitor, title, body, reply.request.url, problem.status);
    });
    app.decorate('sitePage', (reply: FastifyReply, title: string, body: string, status = 200) => sendPage(reply, visitorOf(app, reply.request), title, body, reply.request.url, status));
    app.decorateRequest('visitor', null as unknown as Visitor);
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const access = request.routeOptions.config.page;
      if (!access) return;
      const { language, switched } = languageOf(request);
      if (switched) reply.setCookie(LANGUAGE_COOKIE, language, cookieOptions(app, 365 * 24 * 3600));
      let seed = request.cookies[CSRF_COOKIE];
      if (!seed) {
        seed = newCsrfSeed();
        reply.setCookie(CSRF_COOKIE, seed, cookieOptions(app));
      }
      const visitor: Visitor = { principal: sessionPrincipal(app.db, request.cookies[SESSION_COOKIE]), language, csrf: csrfToken(app.secretKey, seed) };
      request.visitor = visitor;

      if (request.method === 'POST' && !validCsrf(app.secretKey, request.cookies[CSRF_COOKIE], (request.body as Record<string, unknown> | undefined)?._csrf)) {
        return pageError(reply, visitor, 403, t(language, 'badForm'));
      }
      if (access === 'public') return;
      if (!visitor.principal) return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      if (access !== 'member' && !access.roles.includes(visitor.principal.role)) return pageError(reply, visitor, 403, t(language, 'forbidden'));
    });
  },
  { name: 'web', dependencies: ['config', 'database'] },
);

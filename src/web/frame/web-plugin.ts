import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { Role } from '../../db/schema.js';
import type { HttpError } from '../../errors/http-errors.js';
import type { Problem } from '../../http/problem-handler.js';
import { isApiUrl } from '../../http/api-urls.js';
import { type SafeHtml, html } from '../../http/html.js';
import { t, type MessageKey } from '../../i18n/translate.js';
import { LANGUAGE_COOKIE, languageOf } from './i18n.js';
import { notice, sendPage } from './layout.js';
import { assetRoutes } from './assets.js';
import { siteFileRoutes } from './site-files.js';
import type { Visitor } from './visitor.js';
import { safeNext } from '../../auth/signin-links.js';
import { cookieNames, csrfToken, newCsrfSeed, sessionPrincipal, validCsrf } from './web-session.js';

/**
 * Who may open a page: `public`, any signed-in `member`, or `{ roles }`. Pages use session
 * cookies (the API uses bearer tokens only), so every page route declares `config.page` and the
 * app refuses to start without it, as it does for `config.access`.
 */
export type PageAccess = 'public' | 'member' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    page?: PageAccess;
    /** A page behind a signed link in a mail: the token in its address is the key, so its forms carry no CSRF field. */
    signedLink?: boolean;
  }
  interface FastifyRequest {
    visitor: Visitor;
  }
  interface FastifyInstance {
    /** Renders a problem as a page in the site's frame and the visitor's language. */
    problemPage(reply: FastifyReply, problem: Problem, words?: HttpError['words']): FastifyReply;
    /** Whether a URL belongs to the pages (for the 404 of an unknown address). */
    isPageUrl(url: string): boolean;
    /** Answers with a page in the site's frame (the signed-link pages opened from mail). */
    sitePage(reply: FastifyReply, title: string, body: SafeHtml, status?: number): FastifyReply;
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
  const names = cookieNames(app.config.publicUrl);
  const seed = request.cookies?.[names.csrf];
  return { principal: null, language: languageOf(request).language, csrf: seed ? csrfToken(app.secretKey, seed, request.cookies?.[names.session]) : '' };
}

/** The path of a URL of this site (a Referer), or undefined. */
function sameOriginPath(url: string | undefined, publicUrl: string): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.origin === new URL(publicUrl).origin ? `${parsed.pathname}${parsed.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** What any page accepts, unless it declares more precisely. */
const PAGE_QUERY = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2_000 }));
const PAGE_PARAMS = Type.Record(Type.String(), Type.String({ maxLength: 4_096 }));
const PAGE_FORM = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.String({ maxLength: 2_000 }), { maxItems: 500 })]),
  { maxProperties: 200 },
);

const PROBLEM_TITLES: Record<number, MessageKey> = { 400: 'problem400', 401: 'problem403', 403: 'problem403', 404: 'problem404', 409: 'problem409', 410: 'problem410', 429: 'problem429' };

/** Pages are every route outside the API (/v1, health, OpenAPI), its docs, the queue dashboard (/admin) and the site's files. */
export function isPageUrl(url: string): boolean {
  return (
    !isApiUrl(url) &&
    !url.startsWith('/docs') &&
    !url.startsWith('/admin') &&
    !url.startsWith('/assets/') &&
    !['/favicon.ico', '/apple-touch-icon.png', '/robots.txt'].includes(url)
  );
}

export const webPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    const pages: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      if (!isPageUrl(route.url)) return;
      pages.push(route);
      // The visitor (session, language, CSRF) is worked out for pages only, not on every API request.
      route.preHandler = [pageVisitor, ...[route.preHandler ?? []].flat()];
      // Every page validates what it is sent, as the API does: one value per query parameter,
      // text of bounded length, forms of fields (several values for ticked boxes). A page that
      // declares its own schema keeps it. A refusal is a 400 page in the visitor's language.
      const methods = [route.method].flat();
      route.schema = {
        querystring: PAGE_QUERY,
        params: PAGE_PARAMS,
        // A signed link's button may post nothing at all (a mail program's one-click POST, an API
        // client): those routes declare what body they read, if any.
        ...(methods.includes('POST') && !route.config?.signedLink ? { body: PAGE_FORM } : {}),
        ...route.schema,
      };
    });
    app.addHook('onReady', async () => {
      const missing = pages.filter((route) => !route.config?.page).map((route) => `${String(route.method)} ${route.url}`);
      if (missing.length) throw new Error(`Pages without a page access declaration (config.page): ${missing.join(', ')}.`);
    });

    app.decorate('isPageUrl', isPageUrl);
    assetRoutes(app);
    siteFileRoutes(app);
    app.decorate('problemPage', (reply: FastifyReply, problem: Problem, words?: HttpError['words']) => {
      const visitor = visitorOf(app, reply.request);
      const key = PROBLEM_TITLES[problem.status];
      const title = key ? t(visitor.language, key) : problem.title;
      // Back to the page the visitor came from, when it is one of ours (no script: the pages have none).
      const from = safeNext(sameOriginPath(reply.request.headers.referer, app.config.publicUrl), app.config.publicUrl);
      const back = from !== '/' && from !== reply.request.url ? html`<a href="${from}">${t(visitor.language, 'goBack')}</a>` : '';
      const body = html`${notice(words ? t(visitor.language, words.key, words.values) : problem.detail, 'error')}<p class="actions">${back}<a href="/">${t(visitor.language, 'home')}</a></p><p class="muted">${problem.status} · ${problem.requestId ?? ''}</p>`;
      return sendPage(reply, visitor, title, body, reply.request.url, problem.status);
    });
    app.decorate('sitePage', (reply: FastifyReply, title: string, body: SafeHtml, status = 200) => sendPage(reply, visitorOf(app, reply.request), title, body, reply.request.url, status));
    app.decorateRequest('visitor', null as unknown as Visitor);
    async function pageVisitor(request: FastifyRequest, reply: FastifyReply) {
      const access = request.routeOptions.config.page;
      if (!access) return;
      const { language, switched } = languageOf(request);
      if (switched) reply.setCookie(LANGUAGE_COOKIE, language, cookieOptions(app, 365 * 24 * 3600));
      const names = cookieNames(app.config.publicUrl);
      let seed = request.cookies[names.csrf];
      if (!seed) {
        seed = newCsrfSeed();
        reply.setCookie(names.csrf, seed, cookieOptions(app));
      }
      const session = request.cookies[names.session];
      const principal = sessionPrincipal(app.db, session);
      // A session that no longer opens (ended, expired, member deactivated) does not count for the form token either.
      const visitor: Visitor = { principal, language, csrf: csrfToken(app.secretKey, seed, principal ? session : undefined) };
      request.visitor = visitor;

      const posted = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (request.method === 'POST' && !request.routeOptions.config.signedLink && !validCsrf(app.secretKey, request.cookies[names.csrf], principal ? session : undefined, Array.isArray(posted) ? posted.at(-1) : posted)) {
        return pageError(reply, visitor, 403, t(language, 'badForm'));
      }
      if (access === 'public') return;
      if (!visitor.principal) return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      if (access !== 'member' && !access.roles.includes(visitor.principal.role)) return pageError(reply, visitor, 403, t(language, 'forbidden'));
    }
  },
  { name: 'web', dependencies: ['config', 'database'] },
);

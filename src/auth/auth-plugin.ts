import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, HttpError, UnauthorizedError, UnsupportedMediaTypeError } from '../errors/http-errors.js';
import { replyWithError } from '../http/problem-handler.js';
import { sameSecret } from '../crypto/same-secret.js';
import { findPrincipalByToken, type Principal } from './principal.js';
import type { Role } from '../db/schema.js';

/**
 * Who may call a route. Every route declares one in `config.access`; the app refuses to
 * start while any route lacks it, so an undeclared route can never be reached.
 * - `public`: anyone, no token;
 * - `public-or-member`: anyone; a member who sends a token is recognised (some see more);
 * - `member`: any member with a valid token;
 * - `{ roles }`: members with one of these roles (finer rules, such as "their own park",
 *   are checked by the service, which knows the resource);
 * - `metrics`: coordinators, or a scraper sending METRICS_TOKEN as its bearer token.
 */
export type Access = 'public' | 'public-or-member' | 'member' | 'metrics' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, for the route-walking tests and the docs. */
    routeAccess(): Array<{ method: string; url: string; access: Access | undefined }>;
  }
}

/** Park managers (for their own park, checked by the service) and coordinators. */
export const PARK_MANAGERS: Access = { roles: ['park_manager', 'coordinator'] };
export const COORDINATORS: Access = { roles: ['coordinator'] };

export function describeAccess(access: Access): string {
  if (access === 'public') return 'Public: no token needed.';
  if (access === 'public-or-member') return 'Public; members who send their token may see more.';
  if (access === 'member') return 'Any member with an API token.';
  if (access === 'metrics') return 'Coordinators, or a scraper sending METRICS_TOKEN as its bearer token.';
  return `Members with role ${access.roles.join(' or ')}.`;
}

/** The signed-in member of a non-public route (the access hook has already required one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('This route needs an API token: send Authorization: Bearer <token>.');
  return request.principal;
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new UnauthorizedError('This route needs an API token: send Authorization: Bearer <token>.');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1];
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const routes: RouteOptions[] = [];
    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      routes.push(route);
      const access = route.config?.access;
      if (access && access !== 'public' && access !== 'public-or-member' && route.schema) {
        // Document the requirement in OpenAPI from the same declaration that enforces it.
        route.schema = {
          ...route.schema,
          security: [{ bearerAuth: [] }],
          description: [route.schema.description, describeAccess(access)].filter(Boolean).join('\n\n'),
        };
      }
    });

    app.decorate('routeAccess', () =>
      routes.map((route) => ({ method: String(route.method), url: route.url, access: route.config?.access })),
    );

    app.addHook('onReady', async () => {
      const undeclared = routes.filter((route) => !route.config?.access);
      if (undeclared.length > 0) {
        const list = undeclared.map((route) => `${String(route.method)} ${route.url}`).join(', ');
        throw new Error(`Routes without an access declaration (config.access): ${list}.`);
      }
    });

    // A callback hook (every request passes it; a promise each is measurable, #36).
    app.addHook('onRequest', (request, reply, done) => {
      try {
        refuseCrossSiteForms(request);
        authenticate(request);
      } catch (error) {
        // Answered here rather than passed on, so plugins with error handlers of their own
        // (Bull Board) cannot turn a refusal into something else. An answered hook does not call done.
        if (error instanceof HttpError) {
          replyWithError(error, request, reply);
          return;
        }
        return done(error as Error);
      }
      done();
    });

    /**
     * A form on another site can post url-encoded, multipart or plain text to any URL, and the
     * browser sends it without asking (no CORS preflight); it cannot send application/json. So
     * the API's writes take JSON only; a body of any other type is refused with 415. The API's
     * signed-link pages (`html`) take their own forms: the signed token in the URL is the key.
     */
    function refuseCrossSiteForms(request: FastifyRequest): void {
      if (!request.url.startsWith('/v1/') || request.method === 'GET' || request.method === 'HEAD' || request.routeOptions.config?.html) return;
      const type = request.headers['content-type'];
      if (type === undefined) return; // no body
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
        throw new UnsupportedMediaTypeError(`Send the body as application/json (got ${type.split(';')[0]}).`);
      }
    }

    function authenticate(request: FastifyRequest): void {
      if (request.is404) return;
      const access = request.routeOptions.config.access;
      if (access === 'public') return;
      if (access === undefined) throw new ForbiddenError('This route declares no access rule, so nobody may call it.');
      if (access === 'public-or-member' && !request.headers.authorization) return;
      if (access === 'metrics' && sameSecret(app.config.metricsToken, request.headers.authorization?.replace(/^Bearer\s+/i, ''))) return;
      const principal = findPrincipalByToken(app.db, bearerToken(request));
      if (!principal) throw new UnauthorizedError('The API token is unknown or has been revoked.');
      request.principal = principal;
      const roles = access === 'metrics' ? (['coordinator'] as const) : typeof access === 'object' ? access.roles : null;
      if (roles && !roles.includes(principal.role)) {
        throw new ForbiddenError(`This route is for ${roles.join(' or ')} members; you are ${principal.role}.`);
      }
    }
  },
  { name: 'auth', dependencies: ['config', 'database'] },
);

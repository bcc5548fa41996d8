import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { isApiUrl } from './api-urls.js';

/**
 * helmet's headers on every answer: nosniff, no framing (X-Frame-Options), Referrer-Policy, HSTS on
 * https, and the rest of its defaults. Pages send their own Content-Security-Policy
 * (src/web/frame/layout.ts); Swagger UI and Bull Board bring their scripts.
 *
 * The headers do not depend on the request, so helmet writes them once, here, onto a stand-in
 * response, and each answer gets that set at once. Running helmet's middleware on every request
 * (as @fastify/helmet does) took more than Fastify itself: GET /healthz answered at 0.45 of a bare
 * Fastify's rate with it and 0.79 without (bench/profile-floor.ts, #36).
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader: () => undefined,
  } as unknown as ServerResponse;
  let done = false;
  helmet(options)({} as IncomingMessage, response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
    done = true;
  });
  // helmet's middleware is synchronous; if a future version is not, this must change.
  if (!done) throw new Error('helmet did not finish writing its headers at once');
  return headers;
}

/**
 * What answers of the API keep of them: nosniff, no framing and HSTS, the headers OWASP's REST
 * Security Cheat Sheet asks of every API answer ("Security Headers"; the rest "are intended to be
 * used with HTML responses"), and Referrer-Policy, because the signed-link pages under /v1 carry
 * their token in the address. Every header costs each answer its validation and bytes (#36).
 */
function apiHeaders(all: Record<string, string>): Record<string, string> {
  const kept = ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security'];
  return Object.fromEntries(Object.entries(all).filter(([name]) => kept.includes(name)));
}

export const securityHeaders = fp(
  async (app: FastifyInstance, options: { hsts: boolean }) => {
    const headers = helmetHeaders({
      contentSecurityPolicy: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: options.hsts ? { maxAge: 180 * 24 * 3600 } : false,
    });
    const api = apiHeaders(headers);
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(isApiUrl(request.url) ? api : headers);
      done();
    });
  },
  { name: 'security-headers' },
);

import crypto from 'node:crypto';
import { sessionHash } from '../../auth/sessions.js';
import { randomBase64url } from '../../crypto/random-pool.js';

export const SESSION_COOKIE = 'cl_session';
/** A random value per browser; forms carry an HMAC of it and of the session (see csrfToken). */
export const CSRF_COOKIE = 'cl_csrf';

/**
 * The cookies' names on this site: with an https PUBLIC_URL they take the `__Host-` prefix, so
 * the browser accepts them only from this very host, Secure, for every path: a neighbouring
 * subdomain or a plain-http page cannot plant them.
 */
export function cookieNames(publicUrl: string): { session: string; csrf: string } {
  const prefix = publicUrl.startsWith('https:') ? '__Host-' : '';
  return { session: `${prefix}${SESSION_COOKIE}`, csrf: `${prefix}${CSRF_COOKIE}` };
}
// The sessions themselves (stored as hashes) are src/auth's; the pages' cookies and CSRF are here.
export { endSession, sessionPrincipal, SESSION_DAYS, startSession } from '../../auth/sessions.js';

export function newCsrfSeed(): string {
  return randomBase64url(24);
}

/**
 * The value forms carry: an HMAC of this browser's seed and, once signed in, of its session. A
 * seed cookie planted by someone else (with a token they got for it) is of no use against a
 * signed-in person, whose token also depends on their session, which nobody else knows.
 */
export function csrfToken(secretKey: string, seed: string, session: string | undefined): string {
  return crypto.createHmac('sha256', secretKey).update(`csrf:${seed}:${session ? sessionHash(session) : ''}`).digest('base64url');
}

export function validCsrf(secretKey: string, seed: string | undefined, session: string | undefined, given: unknown): boolean {
  if (!seed || typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secretKey, seed, session));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

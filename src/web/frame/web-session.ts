import crypto from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { principalForMember, type Principal } from '../../auth/principal.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { sessions } from '../../db/schema.js';
import { nowMs, nowDate } from '../../time/clock.js';

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
export const SESSION_DAYS = 14;

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

/** Starts a session for the member; returns the cookie's token (only its hash is stored). */
export function startSession(db: DbOrTx, memberId: number, now = nowMs()): string {
  const token = crypto.randomBytes(32).toString('base64url');
  db.insert(sessions).values({ memberId, tokenHash: hash(token), expiresAt: new Date(now + SESSION_DAYS * 24 * 3600_000) }).run();
  return token;
}

/** The member behind a session cookie, while the session is open and the member still has access. */
export function sessionPrincipal(db: Db, token: string | undefined): Principal | null {
  if (!token) return null;
  const row = db
    .select({ memberId: sessions.memberId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hash(token)), isNull(sessions.endedAt), gt(sessions.expiresAt, nowDate())))
    .get();
  return row ? principalForMember(db, row.memberId) : null;
}

export function endSession(db: Db, token: string | undefined): void {
  if (token) db.update(sessions).set({ endedAt: nowDate() }).where(eq(sessions.tokenHash, hash(token))).run();
}

export function newCsrfSeed(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * The value forms carry: an HMAC of this browser's seed and, once signed in, of its session. A
 * seed cookie planted by someone else (with a token they got for it) is of no use against a
 * signed-in person, whose token also depends on their session, which nobody else knows.
 */
export function csrfToken(secretKey: string, seed: string, session: string | undefined): string {
  return crypto.createHmac('sha256', secretKey).update(`csrf:${seed}:${session ? hash(session) : ''}`).digest('base64url');
}

export function validCsrf(secretKey: string, seed: string | undefined, session: string | undefined, given: unknown): boolean {
  if (!seed || typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secretKey, seed, session));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

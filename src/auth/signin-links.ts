import { signLink } from './signed-links.js';

export const SIGNIN_PURPOSE = 'signin';
export const SIGNIN_LINK_TTL_SECONDS = 15 * 60;

/**
 * Where to go after signing in: only a page of this site. The value is resolved against
 * PUBLIC_URL as a browser would (which drops tabs and line breaks and reads `\` as `/`, so
 * `/\t/evil.example` means `//evil.example`) and must keep its origin; the result is the
 * normalised path, with anything unsafe percent-encoded. Anything else goes to `/`.
 */
export function safeNext(next: unknown, publicUrl: string, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  const base = new URL(publicUrl);
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? fallback : path;
}

/** Where a member lands after signing in when nothing else was asked for: the home page of what waits for them. */
export const MEMBER_HOME = '/home';

/** How long the sign-in link in a welcome mail works: a new member may read it days later. */
export const WELCOME_LINK_TTL_SECONDS = 7 * 24 * 3600;

/** A single-use sign-in link for a member: 15 minutes (mailed by /signin, printed by the CLI) unless told otherwise. */
export function signInUrl(secretKey: string, publicUrl: string, memberId: number, next: unknown = MEMBER_HOME, ttlSeconds = SIGNIN_LINK_TTL_SECONDS): string {
  const token = signLink(secretKey, SIGNIN_PURPOSE, { m: memberId }, ttlSeconds);
  return `${publicUrl}/signin/${token}?next=${encodeURIComponent(safeNext(next, publicUrl, MEMBER_HOME))}`;
}

import { signLink } from '../auth/signed-links.js';

export const SIGNIN_PURPOSE = 'signin';
export const SIGNIN_LINK_TTL_SECONDS = 15 * 60;

/** Only paths of this site: no other origin, no protocol-relative //host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** A single-use, 15-minute sign-in link for a member (mailed by /signin, printed by the CLI). */
export function signInUrl(secretKey: string, publicUrl: string, memberId: number, next: unknown = '/'): string {
  const token = signLink(secretKey, SIGNIN_PURPOSE, { m: memberId }, SIGNIN_LINK_TTL_SECONDS);
  return `${publicUrl}/signin/${token}?next=${encodeURIComponent(safeNext(next))}`;
}

import crypto from 'node:crypto';
import { randomBase64url } from '../crypto/random-pool.js';
import { ExpiredLinkError, InvalidLinkError } from '../errors/http-errors.js';
import { nowMs } from '../time/clock.js';

/**
 * Signed, expiring tokens for one-click links in mail: base64url(JSON payload) + "." +
 * base64url(HMAC-SHA256 with SECRET_KEY). Each carries a nonce, so a use can be recorded
 * and never replayed. The purpose is part of what is signed, so a token made for one kind
 * of link cannot be used for another.
 */
export interface SignedPayload {
  /** Purpose, e.g. "booking-decision". */
  p: string;
  /** Expiry, UTC seconds. */
  exp: number;
  /** Random nonce identifying this link. */
  n: string;
  [key: string]: unknown;
}

function mac(secret: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64url');
}

export function signLink(secret: string, purpose: string, data: Record<string, unknown>, ttlSeconds: number): string {
  const payload: SignedPayload = { ...data, p: purpose, exp: Math.floor(nowMs() / 1000) + ttlSeconds, n: randomBase64url(12) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/**
 * Verifies signature, purpose and expiry; returns the payload. `allowExpired` skips only the
 * expiry (to offer a new link in place of an old one: the signature still proves who it was for).
 */
export function verifyLink<T extends SignedPayload>(secret: string, purpose: string, token: string, options: { allowExpired?: boolean } = {}): T {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw new InvalidLinkError('The link is malformed; open it exactly as it came in the mail.').say('errLinkMalformed');
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new InvalidLinkError('The link’s signature does not match; it was changed or not issued by this service.').say('errLinkMalformed');
  }
  let payload: T;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    throw new InvalidLinkError('The link is malformed; open it exactly as it came in the mail.').say('errLinkMalformed');
  }
  if (payload.p !== purpose) throw new InvalidLinkError('This link is meant for something else.').say('errLinkMalformed');
  if (!options.allowExpired && payload.exp * 1000 < nowMs()) throw new ExpiredLinkError('The link has expired.').say('errLinkExpired');
  return payload;
}

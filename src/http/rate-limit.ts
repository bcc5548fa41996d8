import crypto from 'node:crypto';
import { TooManyRequestsError } from '../errors/http-errors.js';
import type { RateLimiter } from '../../jobs/queue-driver.js';

/**
 * Refuses with 429 and Retry-After once `key` was used more than `perHour` times within the
 * hour (a burst of `perHour`, then one per 3600/perHour s). Keys are hashed: they may hold
 * addresses, which stay out of Redis and logs. A limiter that cannot answer (Redis away) lets
 * the request through: people registering must not be turned away because Redis is.
 */
export async function limitPerHour(limiter: RateLimiter, scope: string, key: string, perHour: number, what: string): Promise<void> {
  const hashed = crypto.createHash('sha256').update(key).digest('base64url').slice(0, 22);
  const waitMs = await limiter.take(`${scope}:${hashed}`, perHour / 60, perHour).catch(() => 0);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new TooManyRequestsError(`Too many ${what}; try again in ${seconds} s.`, seconds).say('errTooMany', { seconds });
  }
}

/** Per IP address and per email address: how public registration and subscription are limited. */
export interface PublicLimits {
  perIp: number;
  perAddress: number;
}

/**
 * The mailbox an address reaches, for counting: lower case, without a `+tag` in the local part
 * (`li+1@x.org` and `li+2@x.org` reach the same person, so they share one per-address limit).
 */
export function mailboxOf(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const local = address.slice(0, at).split('+')[0] || address.slice(0, at);
  return `${local}${address.slice(at)}`;
}

/** Both public limits of one kind of request (`scope`: register, subscribe), for the API and the pages alike. */
export async function limitPublicRequest(limiter: RateLimiter, scope: string, limits: PublicLimits, ip: string, email: string, what: string): Promise<void> {
  await limitPerHour(limiter, `${scope}-ip`, ip, limits.perIp, `${what} from your address`);
  await limitPerHour(limiter, `${scope}-email`, mailboxOf(email), limits.perAddress, `${what} for this email`);
}

export const registerLimits = (config: { registerLimitPerIp: number; registerLimitPerAddress: number }): PublicLimits => ({ perIp: config.registerLimitPerIp, perAddress: config.registerLimitPerAddress });
export const subscribeLimits = (config: { subscribeLimitPerIp: number; subscribeLimitPerAddress: number }): PublicLimits => ({ perIp: config.subscribeLimitPerIp, perAddress: config.subscribeLimitPerAddress });

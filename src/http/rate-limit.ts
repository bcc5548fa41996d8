import crypto from 'node:crypto';
import { TooManyRequestsError } from '../errors/http-errors.js';
import type { HourWindow } from './hour-window.js';

/**
 * Refuses with 429 and Retry-After once `key` was used `perHour` times within the last 60
 * minutes (a sliding hour; hour-window.ts). Keys are hashed: they may hold addresses or mobile
 * numbers, which stay out of the database and logs.
 */
export async function limitPerHour(limiter: HourWindow, scope: string, key: string, perHour: number, what: string): Promise<void> {
  const hashed = crypto.createHash('sha256').update(key).digest('base64url').slice(0, 22);
  const waitMs = limiter.take(`${scope}:${hashed}`, perHour);
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
export async function limitPublicRequest(limiter: HourWindow, scope: string, limits: PublicLimits, ip: string, email: string, what: string): Promise<void> {
  await limitPerHour(limiter, `${scope}-ip`, ip, limits.perIp, `${what} from your address`);
  await limitPerHour(limiter, `${scope}-email`, mailboxOf(email), limits.perAddress, `${what} for this email`);
}

export const registerLimits = (config: { registerLimitPerIp: number; registerLimitPerAddress: number }): PublicLimits => ({ perIp: config.registerLimitPerIp, perAddress: config.registerLimitPerAddress });
export const subscribeLimits = (config: { subscribeLimitPerIp: number; subscribeLimitPerAddress: number }): PublicLimits => ({ perIp: config.subscribeLimitPerIp, perAddress: config.subscribeLimitPerAddress });

import crypto from 'node:crypto';
import { TooManyRequestsError } from '../errors/http-errors.js';
import type { RateLimiter } from '../jobs/queue-driver.js';

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
    throw new TooManyRequestsError(`Too many ${what}; try again in ${seconds} s.`, seconds);
  }
}

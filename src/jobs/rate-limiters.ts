import type { Redis } from 'ioredis';
import type { RateLimiter } from './queue-driver.js';

/**
 * GCRA with no burst: sends under one key are at least 60000/perMinute ms apart. The state is
 * one Redis key (the earliest time of the next send), read and written atomically with Redis's
 * own clock, so the limit holds across any number of worker processes.
 */
const GCRA = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local next = tonumber(redis.call('GET', KEYS[1]) or '0')
if next > nowMs then return next - nowMs end
redis.call('SET', KEYS[1], nowMs + interval, 'PX', interval * 2)
return 0
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(key: string, perMinute: number): Promise<number> {
    const interval = Math.ceil(60_000 / perMinute);
    return Number(await this.redis.eval(GCRA, 1, `${this.prefix}:ratelimit:${key}`, interval));
  }
}

/** The same rule inside one process, for the inline driver. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly next = new Map<string, number>();

  async take(key: string, perMinute: number): Promise<number> {
    const now = Date.now();
    const next = this.next.get(key) ?? 0;
    if (next > now) return next - now;
    this.next.set(key, now + Math.ceil(60_000 / perMinute));
    return 0;
  }
}

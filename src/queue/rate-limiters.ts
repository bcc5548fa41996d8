import type { Redis } from 'ioredis';
import type { RateLimiter } from './queue-driver.js';
import { nowMs } from '../time/clock.js';

/**
 * GCRA: after a burst of `burst`, takes under one key are at least 60000/perMinute ms apart.
 * The state is one Redis key (the theoretical arrival time), read and written atomically with
 * Redis's own clock, so the limit holds across any number of processes.
 */
const GCRA = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), nowMs)
if tat - nowMs > tolerance then return tat - nowMs - tolerance end
redis.call('SET', KEYS[1], tat + interval, 'PX', tat + interval - nowMs + 1000)
return 0
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(key: string, perMinute: number, burst = 1): Promise<number> {
    const interval = Math.ceil(60_000 / perMinute);
    return Number(await this.redis.eval(GCRA, 1, `${this.prefix}:ratelimit:${key}`, interval, (burst - 1) * interval));
  }
}

/** Keys the in-memory limiter holds before it forgets those whose limit has lapsed. */
const MEMORY_KEYS = 10_000;

/** The same rule inside one process, for the inline driver. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly tat = new Map<string, number>();

  async take(key: string, perMinute: number, burst = 1): Promise<number> {
    const now = nowMs();
    if (this.tat.size >= MEMORY_KEYS) for (const [k, at] of this.tat) if (at <= now) this.tat.delete(k);
    const interval = Math.ceil(60_000 / perMinute);
    const tolerance = (burst - 1) * interval;
    const tat = Math.max(this.tat.get(key) ?? 0, now);
    if (tat - now > tolerance) return tat - now - tolerance;
    this.tat.set(key, tat + interval);
    return 0;
  }
}

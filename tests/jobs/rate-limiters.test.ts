import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter, RedisRateLimiter } from '../../src/queue/rate-limiters.js';
import { testClock } from '../../src/time/clock.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';

describe('the in-process limiter follows the app clock', () => {
  afterAll(() => testClock.reset());

  it('admits one take per interval after the burst, and says how long to wait', async () => {
    testClock.freeze();
    const limiter = new MemoryRateLimiter();
    expect(await limiter.take('k', 60, 2)).toBe(0);
    expect(await limiter.take('k', 60, 2)).toBe(0);
    expect(await limiter.take('k', 60, 2)).toBe(1_000);
    testClock.advance(400);
    expect(await limiter.take('k', 60, 2)).toBe(600);
    testClock.advance(600);
    expect(await limiter.take('k', 60, 2)).toBe(0);
    expect(await limiter.take('other', 60, 1)).toBe(0);
  });
});

describe('the Redis limiter is one limit for every process', () => {
  const prefix = uniquePrefix('gcra');
  const connections: Redis[] = [];
  beforeAll(requireRedis);
  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    await deletePrefix(prefix);
  });

  it('refuses a second take from another connection within the interval, with the wait left', async () => {
    // Two connections stand for two worker processes.
    const [a, b] = [0, 1].map(() => {
      const connection = new Redis(REDIS_URL);
      connections.push(connection);
      return new RedisRateLimiter(connection, prefix);
    }) as [RedisRateLimiter, RedisRateLimiter];
    expect(await a.take('channel:1', 1)).toBe(0);
    const wait = await b.take('channel:1', 1);
    // One a minute: the rest of the minute, less the moment between the two takes.
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await a.take('channel:1', 1)).toBeGreaterThan(50_000);
    // Other keys are untouched.
    expect(await b.take('channel:2', 1)).toBe(0);
  });
});

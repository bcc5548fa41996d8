import crypto from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Fails with a how-to when no Redis answers. Tests that need Redis call this in beforeAll.
 */
export async function requireRedis(): Promise<void> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need Redis at ${REDIS_URL} (set REDIS_URL to use another). ` +
        `Start one with: redis-server --daemonize yes --port 6379 --save "" --appendonly no ` +
        `(Debian: apt-get install redis-server). Cause: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/** A key prefix of this test file's own, so files running in parallel never share queues. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Deletes every key under the prefix. */
export async function deletePrefix(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

import type { Redis } from 'ioredis';

/**
 * Small facts senders remember between jobs and across worker processes — which picture an
 * Official Account already holds as permanent material, by the picture's hash — so the same
 * image is never uploaded twice. Redis with the BullMQ driver, a map with the inline one.
 */
export interface SharedMemo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Remembered for 90 days, then asked again (an administrator may have deleted the material meanwhile). */
const MEMO_SECONDS = 90 * 24 * 3600;

export class RedisMemo implements SharedMemo {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  get(key: string): Promise<string | null> {
    return this.redis.get(`${this.prefix}:memo:${key}`);
  }

  async set(key: string, value: string): Promise<void> {
    await this.redis.set(`${this.prefix}:memo:${key}`, value, 'EX', MEMO_SECONDS);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:memo:${key}`);
  }
}

export class MemoryMemo implements SharedMemo {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

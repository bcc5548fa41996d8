import { describe, expect, it } from 'vitest';
import { randomBase64url } from '../../src/crypto/random-pool.js';

describe('randomBase64url', () => {
  it('never hands out the same bytes twice, across many refills of its pool', () => {
    const seen = new Set<string>();
    // 24 bytes × 5,000 = 120 KB: the 8 KB pool is refilled ~15 times.
    for (let i = 0; i < 5_000; i++) {
      const value = randomBase64url(24);
      expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
      seen.add(value);
    }
    expect(seen.size).toBe(5_000);
    // Sizes that do not divide the pool still come whole.
    for (let i = 0; i < 2_000; i++) expect(Buffer.from(randomBase64url(12), 'base64url')).toHaveLength(12);
  });

  it('spreads its bits evenly (each bit set about half the time)', () => {
    const ones = new Array<number>(8).fill(0);
    const samples = 4_000;
    for (let i = 0; i < samples; i++) for (const byte of Buffer.from(randomBase64url(16), 'base64url')) for (let bit = 0; bit < 8; bit++) ones[bit]! += (byte >> bit) & 1;
    for (const count of ones) expect(Math.abs(count / (samples * 16) - 0.5)).toBeLessThan(0.02);
  });
});

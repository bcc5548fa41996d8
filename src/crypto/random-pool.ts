import crypto from 'node:crypto';

/**
 * Random bytes for hot paths (a form seed per page view, a nonce per signed link), taken from a
 * pool that the operating system's CSPRNG refills 8 KB at a time — what Node's own randomUUID()
 * does. crypto.randomBytes() per call sets up a job each time: ~8% of a public page (#36).
 */
const POOL_SIZE = 8 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

/** `size` fresh random bytes (at most the pool's size), never handed out twice. */
function take(size: number): Buffer {
  if (used + size > POOL_SIZE) {
    crypto.randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, used + size);
  used += size;
  return bytes;
}

/** `size` random bytes as base64url text. */
export function randomBase64url(size: number): string {
  return take(size).toString('base64url');
}

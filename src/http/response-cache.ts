import type { Db } from '../db/database.js';
import { writeStamp } from '../db/write-stamp.js';

/**
 * Caches serialized answers of hot public reads. An entry is used only while the database has
 * seen no write since it was made (its write stamp: this connection's changes and other
 * processes' commits) and for at most `ttlMs`, for answers that also depend on the clock.
 *
 * An answer is kept from the second time its key is asked within `maxEntries` keys: a crawler or
 * a search box asks thousands of addresses once each, and keeping each of those answers (tens of
 * KB) until the cache fills made the garbage collector copy and promote all of them — a fifth of
 * an uncached listing's time (#36).
 */
export class ResponseCache {
  private readonly entries = new Map<string, { changes: string; at: number; body: string }>();
  private readonly askedOnce = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 1_000,
    private readonly maxEntries = 500,
  ) {}

  /** The answer for `key`: kept, or `compute`d. */
  get(key: string, compute: () => string): string {
    const changes = writeStamp(this.db);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.changes === changes && now - hit.at < this.ttlMs) return hit.body;
    const body = compute();
    if (hit || this.askedOnce.delete(key)) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { changes, at: now, body });
    } else {
      if (this.askedOnce.size >= 10 * this.maxEntries) this.askedOnce.clear();
      this.askedOnce.add(key);
    }
    return body;
  }
}

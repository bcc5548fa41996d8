import type { Db } from '../db/database.js';
import { writeStamp } from '../db/write-stamp.js';

/**
 * Caches serialized answers of hot public reads. An entry is used only while the database has
 * seen no write since it was made (its write stamp: this connection's changes and other
 * processes' commits) and for at most `ttlMs`, for answers that also depend on the clock.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { changes: string; at: number; body: string }>();

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
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { changes, at: now, body });
    return body;
  }
}

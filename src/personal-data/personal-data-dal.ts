import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { privacyNotices } from '../db/schema.js';

/** Whether this service has shown a privacy notice of this version. */
export function noticeVersionKnown(db: DbOrTx, version: string): boolean {
  return db.select({ n: sql<number>`1` }).from(privacyNotices).where(eq(privacyNotices.version, version)).get() !== undefined;
}

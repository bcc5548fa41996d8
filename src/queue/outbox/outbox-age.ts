import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { nowMs } from '../../time/clock.js';

/**
 * Seconds since the oldest piece of work still waiting to go out was committed: a mail, an
 * announcement not yet fanned out, or a delivery. Null when nothing waits. A number that keeps
 * growing means work is stuck (no worker, Redis away, jobs lost), though nothing is lost.
 */
export function oldestUnsentSeconds(db: Db): number | null {
  const row = db.get<{ oldest: number | null }>(sql`select min(oldest) as oldest from (
    select min(created_at) as oldest from emails where status = 'pending'
    union all select min(created_at) from announcements where fanned_out_at is null
    union all select min(created_at) from deliveries where status = 'pending')`);
  return row?.oldest == null ? null : Math.max(0, Math.floor((nowMs() - row.oldest) / 1000));
}

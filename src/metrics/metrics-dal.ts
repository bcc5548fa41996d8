import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

/** Deliveries per status and target: a channel's kind (email, webhook, wecom_robot …), or subscriber / registration. */
export function deliveryCounts(db: Db): { status: string; target: string; n: number }[] {
  return db.all<{ status: string; target: string; n: number }>(sql`
    select d.status as status, coalesce(c.kind, d.target_type) as target, count(*) as n
    from deliveries d left join channels c on d.target_type = 'channel' and c.id = d.target_id
    group by 1, 2`);
}

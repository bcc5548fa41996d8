import { asc, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { announcements, type AnnouncementKind } from '../db/schema.js';
import { jobIds } from '../jobs/catalogue.js';
import { dueForQueue, markEnqueued } from '../jobs/outbox-marker.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';

/**
 * Records event news in the transaction of the change that causes it (transactional outbox).
 * One per (event, kind, sequence): writing the same one twice is a no-op.
 */
export function writeAnnouncement(tx: DbOrTx, eventId: number, kind: AnnouncementKind, sequence: number): void {
  tx.insert(announcements).values({ eventId, kind, sequence }).onConflictDoNothing().run();
}

/** Hands each announcement not yet fanned out to the `database` queue. */
export function announcementOutboxSource(db: Db): OutboxSource<'database'> {
  return {
    name: 'announcements',
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = db
        .select({ id: announcements.id })
        .from(announcements)
        .where(dueForQueue(isNull(announcements.fannedOutAt), announcements.enqueuedAt, staleBefore))
        .orderBy(asc(announcements.id))
        .limit(limit)
        .all();
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map((row) => ({ name: 'fan-out-announcement' as const, data: { announcementId: row.id }, opts: { jobId: jobIds.fanOut(row.id) } })),
      };
    },
    markEnqueued(rowIds, at) {
      markEnqueued(db, announcements, announcements.id, announcements.enqueuedAt, rowIds, at);
    },
  };
}

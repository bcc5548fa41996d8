import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
import { announcements, deliveries } from '../db/schema.js';
import { CLAIM_LIMIT, dueForQueue } from '../queue/outbox/outbox-marker.js';

/** An announcement not fanned out yet, if it is one. */
export function unfannedAnnouncement(db: DbOrTx, id: number) {
  return db.select().from(announcements).where(and(eq(announcements.id, id), isNull(announcements.fannedOutAt))).get();
}

export function markFannedOut(db: DbOrTx, id: number, at: Date): void {
  db.update(announcements).set({ fannedOutAt: at }).where(eq(announcements.id, id)).run();
}

/**
 * Writes deliveries of one announcement, one prepared statement run per target (building SQL for
 * thousands of rows costs far more); a target already written is skipped (the unique index).
 */
export function deliveryWriter(tx: Tx, announcementId: number, at: Date): (target: { targetType: 'channel' | 'subscriber' | 'registration'; targetId: number }) => void {
  const insert = tx
    .insert(deliveries)
    .values({ announcementId, targetType: sql.placeholder('targetType'), targetId: sql.placeholder('targetId'), updatedAt: at })
    .onConflictDoNothing()
    .prepare();
  return (target) => insert.run(target);
}

/** Announcements not fanned out and due for the queue, oldest first (the announcements outbox source's claim). */
export const dueAnnouncements = preparedOnce((db: Db) =>
  db
    .select({ id: announcements.id, dueAt: announcements.dueAt })
    .from(announcements)
    .where(dueForQueue(isNull(announcements.fannedOutAt), announcements.enqueuedAt))
    .orderBy(asc(announcements.id))
    .limit(CLAIM_LIMIT)
    .prepare(),
);

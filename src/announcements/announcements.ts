import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { announcements, type AnnouncedChanges, type AnnouncementKind } from '../db/schema.js';
import { nowMs } from '../time/clock.js';
import { jobIds } from '../jobs/catalogue.js';
import { dueForQueue, outboxMarks } from '../jobs/outbox-marker.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';

/**
 * Records event news in the transaction of the change that causes it (transactional outbox).
 * One per (event, kind, sequence): writing the same one twice is a no-op.
 */
export function writeAnnouncement(tx: DbOrTx, eventId: number, kind: AnnouncementKind, sequence: number): void {
  tx.insert(announcements).values({ eventId, kind, sequence }).onConflictDoNothing().run();
}

/**
 * Records that a published event's time or place changed. The `updated` announcement waits
 * `settleMs` (UPDATE_SETTLE) before it goes out, and changes made meanwhile fold into it, so a
 * run of edits sends one notice, not one per edit. `changes` holds what people were told
 * before; the first value folded in is kept. The notice is rendered from the event as it is then.
 */
export function announceUpdate(tx: DbOrTx, eventId: number, sequence: number, changes: AnnouncedChanges, settleMs: number): void {
  const pending = tx
    .select()
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), eq(announcements.kind, 'updated'), isNull(announcements.fannedOutAt)))
    .get();
  if (pending) {
    const merged: AnnouncedChanges = { ...changes, ...pending.changes };
    tx.update(announcements).set({ sequence, changes: merged }).where(eq(announcements.id, pending.id)).run();
    return;
  }
  tx.insert(announcements)
    .values({ eventId, kind: 'updated', sequence, changes, dueAt: settleMs > 0 ? new Date(nowMs() + settleMs) : null })
    .onConflictDoNothing()
    .run();
}

/** Hands each announcement not yet fanned out to the `database` queue. */
export function announcementOutboxSource(db: Db): OutboxSource<'database'> {
  return {
    name: 'announcements',
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = db
        .select({ id: announcements.id, dueAt: announcements.dueAt })
        .from(announcements)
        .where(dueForQueue(isNull(announcements.fannedOutAt), announcements.enqueuedAt, staleBefore))
        .orderBy(asc(announcements.id))
        .limit(limit)
        .all();
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map((row) => ({
          name: 'fan-out-announcement' as const,
          data: { announcementId: row.id },
          opts: { jobId: jobIds.fanOut(row.id), delayMs: row.dueAt ? Math.max(0, row.dueAt.getTime() - nowMs()) : 0 },
        })),
      };
    },
    ...outboxMarks(db, announcements, announcements.id, announcements.enqueuedAt),
  };
}

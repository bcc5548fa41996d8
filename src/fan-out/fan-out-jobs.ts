import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { announcements, deliveries, events } from '../db/schema.js';
import type { AudienceResolver } from '../announcements/audience.js';
import { jobIds } from '../queue/catalogue.js';
import { CLAIM_LIMIT, claimValues, dueForQueue, outboxMarks } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { FanOutAnnouncementJob } from '../queue/catalogue.js';
import type { Processor } from '../queue/queue-driver.js';
import { nowDate, nowMs } from '../time/clock.js';
import { waitUntilDue } from '../queue/outbox/due-time-source.js';
import { preparedOnce } from '../db/prepared.js';

/**
 * Resolves an announcement's audience and writes one delivery per target, in one transaction
 * with the announcement's `fannedOutAt`. The unique (announcement, target) index makes a re-run
 * after a crash a no-op; the outbox relay then hands the deliveries to the senders in bulk.
 */
export function fanOutProcessor(db: Db, resolvers: readonly AudienceResolver[], wroteOutbox: () => void): Processor<FanOutAnnouncementJob> {
  return async ({ announcementId }, ctx) => {
    const waiting = db.select({ dueAt: announcements.dueAt }).from(announcements).where(and(eq(announcements.id, announcementId), isNull(announcements.fannedOutAt))).get();
    if (!waiting || (waiting.dueAt && !(await waitUntilDue(waiting.dueAt)))) return;
    const written = db.transaction((tx) => {
      const announcement = tx.select().from(announcements).where(and(eq(announcements.id, announcementId), isNull(announcements.fannedOutAt))).get();
      if (!announcement) return null;
      const event = tx.select().from(events).where(eq(events.id, announcement.eventId)).get()!;
      // A change still waiting when the event was cancelled: the cancellation says all there is to say.
      const stale = announcement.kind === 'updated' && event.status !== 'published';
      const now = nowDate();
      // One prepared statement run per target: building SQL for thousands of rows costs far more.
      const insert = tx
        .insert(deliveries)
        .values({ announcementId, targetType: sql.placeholder('targetType'), targetId: sql.placeholder('targetId'), updatedAt: now })
        .onConflictDoNothing()
        .prepare();
      let targets = 0;
      for (const resolve of stale ? [] : resolvers) {
        for (const { targetType, targetId } of resolve(tx, event, announcement)) {
          insert.run({ targetType, targetId });
          targets++;
        }
      }
      tx.update(announcements).set({ fannedOutAt: now }).where(eq(announcements.id, announcementId)).run();
      return targets;
    }, { behavior: 'immediate' });
    if (written === null) return;
    ctx.log.info({ announcementId, targets: written }, 'announcement fanned out');
    if (written > 0) wroteOutbox();
  };
}

/** Hands each announcement not yet fanned out to the `database` queue. */
export function announcementOutboxSource(db: Db): OutboxSource<'database'> {
  const due = preparedOnce((db) =>
    db
      .select({ id: announcements.id, dueAt: announcements.dueAt })
      .from(announcements)
      .where(dueForQueue(isNull(announcements.fannedOutAt), announcements.enqueuedAt))
      .orderBy(asc(announcements.id))
      .limit(CLAIM_LIMIT)
      .prepare(),
  );
  return {
    name: 'announcements',
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = due(db).all(claimValues(staleBefore, limit));
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

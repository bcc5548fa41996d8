import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { parkNotices, parkRobots } from '../db/schema.js';
import { parkNoticeNote } from './park-notice-words.js';
import { nowDate } from '../time/clock.js';
import { jobIds, type ParkNoticeOutcomeJob } from '../queue/catalogue.js';
import { CLAIM_LIMIT, claimValues, dueForQueue, outboxMarks } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import { preparedOnce } from '../db/prepared.js';

/** Hands each pending post for a park's group robot to the senders, its words made from the request as it stands. */
export function parkNoticeSource(db: Db, settings: { publicUrl: string; attempts: number; backoffMs: number }): OutboxSource<'send'> {
  const due = preparedOnce((db) =>
    db
      .select({ id: parkNotices.id, bookingId: parkNotices.bookingId, kind: parkNotices.kind, robot: { id: parkRobots.id, kind: parkRobots.kind, sealedSecrets: parkRobots.sealedSecrets } })
      .from(parkNotices)
      .innerJoin(parkRobots, eq(parkRobots.id, parkNotices.robotId))
      .where(dueForQueue(eq(parkNotices.status, 'pending'), parkNotices.enqueuedAt))
      .orderBy(asc(parkNotices.id))
      .limit(CLAIM_LIMIT)
      .prepare(),
  );
  return {
    name: 'park-notices',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = due(db).all(claimValues(staleBefore, limit));
      const jobs = rows.flatMap((row) => {
        const note = parkNoticeNote(db, settings.publicUrl, row.bookingId, row.kind);
        if (!note) {
          db.update(parkNotices).set({ status: 'dead', lastError: 'the request is gone', updatedAt: nowDate() }).where(eq(parkNotices.id, row.id)).run();
          return [];
        }
        return [{ name: 'post-park-notice' as const, data: { noticeId: row.id, robot: row.robot, note }, opts: { jobId: jobIds.parkNotice(row.id), attempts: settings.attempts, backoffMs: settings.backoffMs } }];
      });
      return { rowIds: rows.map((row) => row.id), jobs };
    },
    ...outboxMarks(db, parkNotices, parkNotices.id, parkNotices.enqueuedAt),
  };
}

/** Records what the sender reported; a post sent never changes again. */
export function recordParkNoticeOutcome(db: Db, outcome: ParkNoticeOutcomeJob): void {
  const attempts = sql`max(${parkNotices.attempts}, ${outcome.attempt})`;
  const open = and(eq(parkNotices.id, outcome.noticeId), ne(parkNotices.status, 'sent'));
  const now = nowDate();
  if (outcome.status === 'sent') db.update(parkNotices).set({ status: 'sent', attempts, sentAt: now, lastError: null, updatedAt: now }).where(open).run();
  else if (outcome.status === 'dead') db.update(parkNotices).set({ status: 'dead', attempts, lastError: outcome.error ?? null, updatedAt: now }).where(open).run();
  else db.update(parkNotices).set({ attempts, lastError: outcome.error ?? null, updatedAt: now }).where(and(open, eq(parkNotices.status, 'pending'))).run();
}

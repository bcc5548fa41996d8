import type { Db } from '../db/database.js';
import { parkNotices } from '../db/schema.js';
import { dueNotices, markNoticeDead, settleNotice } from './park-notices-dal.js';
import { parkNoticeNote } from './park-notice-words.js';
import { nowDate } from '../time/clock.js';
import { jobIds, type ParkNoticeOutcomeJob } from '../queue/catalogue.js';
import { claimValues, outboxMarks } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';

/** Hands each pending post for a park's group robot to the senders, its words made from the request as it stands. */
export function parkNoticeSource(db: Db, settings: { publicUrl: string; attempts: number; backoffMs: number }): OutboxSource<'send'> {
  return {
    name: 'park-notices',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = dueNotices(db).all(claimValues(staleBefore, limit));
      const jobs = rows.flatMap((row) => {
        const note = parkNoticeNote(db, settings.publicUrl, row.bookingId, row.kind);
        if (!note) {
          markNoticeDead(db, row.id, 'the request is gone', nowDate());
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
  settleNotice(db, outcome.noticeId, outcome, nowDate());
}

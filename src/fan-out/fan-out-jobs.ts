import type { Db } from '../db/database.js';
import { announcements } from '../db/schema.js';
import { eventRecord } from '../events/events-service.js';
import { deliveryWriter, dueAnnouncements, markFannedOut, unfannedAnnouncement } from './fan-out-dal.js';
import type { AudienceResolver } from '../announcements/audience.js';
import { jobIds } from '../queue/catalogue.js';
import { claimValues, outboxMarks } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { FanOutAnnouncementJob } from '../queue/catalogue.js';
import type { Processor } from '../queue/queue-driver.js';
import { nowDate, nowMs } from '../time/clock.js';
import { waitUntilDue } from '../queue/outbox/due-time-source.js';

/**
 * Resolves an announcement's audience and writes one delivery per target, in one transaction
 * with the announcement's `fannedOutAt`. The unique (announcement, target) index makes a re-run
 * after a crash a no-op; the outbox relay then hands the deliveries to the senders in bulk.
 */
export function fanOutProcessor(db: Db, resolvers: readonly AudienceResolver[], wroteOutbox: () => void): Processor<FanOutAnnouncementJob> {
  return async ({ announcementId }, ctx) => {
    const waiting = unfannedAnnouncement(db, announcementId);
    if (!waiting || (waiting.dueAt && !(await waitUntilDue(waiting.dueAt)))) return;
    const written = db.transaction((tx) => {
      const announcement = unfannedAnnouncement(tx, announcementId);
      if (!announcement) return null;
      const event = eventRecord({ db: tx }, announcement.eventId)!;
      // A change still waiting when the event was cancelled: the cancellation says all there is to say.
      const stale = announcement.kind === 'updated' && event.status !== 'published';
      const now = nowDate();
      const write = deliveryWriter(tx, announcementId, now);
      let targets = 0;
      for (const resolve of stale ? [] : resolvers) {
        for (const { targetType, targetId } of resolve(tx, event, announcement)) {
          write({ targetType, targetId });
          targets++;
        }
      }
      markFannedOut(tx, announcementId, now);
      return targets;
    }, { behavior: 'immediate' });
    if (written === null) return;
    ctx.log.info({ announcementId, targets: written }, 'announcement fanned out');
    if (written > 0) wroteOutbox();
  };
}

/** Hands each announcement not yet fanned out to the `database` queue. */
export function announcementOutboxSource(db: Db): OutboxSource<'database'> {
  return {
    name: 'announcements',
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = dueAnnouncements(db).all(claimValues(staleBefore, limit));
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

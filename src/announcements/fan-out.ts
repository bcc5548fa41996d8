import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { announcements, channels, deliveries, events } from '../db/schema.js';
import type { FanOutAnnouncementJob } from '../jobs/catalogue.js';
import type { Processor } from '../jobs/queue-driver.js';
import { nowDate } from '../time/clock.js';
import { waitUntilDue } from '../jobs/due-time-source.js';

export interface AudienceTarget {
  targetType: 'channel' | 'subscriber' | 'registration';
  targetId: number;
}

type EventRow = typeof events.$inferSelect;
type AnnouncementRow = typeof announcements.$inferSelect;

/** Who hears of an announcement: one resolver per kind of target (channels, subscribers, attendees). */
export type AudienceResolver = (tx: Tx, event: EventRow, announcement: AnnouncementRow) => AudienceTarget[];

/** Active channels whose topic filter is empty or shares a topic with the event (reminders are for people only). */
export const channelAudience: AudienceResolver = (tx, event, announcement) =>
  announcement.kind === 'reminder' ? [] :
  tx
    .select({ id: channels.id, topics: channels.topics })
    .from(channels)
    .where(eq(channels.active, true))
    .all()
    .filter((channel) => channel.topics.length === 0 || channel.topics.some((topic) => event.topics.includes(topic)))
    .map((channel) => ({ targetType: 'channel' as const, targetId: channel.id }));

/**
 * Resolves an announcement's audience and writes one delivery per target, in one transaction
 * with the announcement's `fannedOutAt`. The unique (announcement, target) index makes a re-run
 * after a crash a no-op; the outbox relay then hands the deliveries to the senders in bulk.
 */
export function fanOutProcessor(db: Db, resolvers: AudienceResolver[], wroteOutbox: () => void): Processor<FanOutAnnouncementJob> {
  return async ({ announcementId }, ctx) => {
    const waiting = db.select({ dueAt: announcements.dueAt }).from(announcements).where(and(eq(announcements.id, announcementId), isNull(announcements.fannedOutAt))).get();
    if (!waiting || (waiting.dueAt && !(await waitUntilDue(waiting.dueAt)))) return;
    const written = db.transaction((tx) => {
      const announcement = tx.select().from(announcements).where(and(eq(announcements.id, announcementId), isNull(announcements.fannedOutAt))).get();
      if (!announcement) return null;
      const event = tx.select().from(events).where(eq(events.id, announcement.eventId)).get()!;
      // A change still waiting when the event was cancelled: the cancellation says all there is to say.
      const stale = announcement.kind === 'updated' && event.status !== 'published';
      const targets = stale ? [] : resolvers.flatMap((resolve) => resolve(tx, event, announcement));
      const now = nowDate();
      // One prepared statement run per target: building SQL for thousands of rows costs far more.
      const insert = tx
        .insert(deliveries)
        .values({ announcementId, targetType: sql.placeholder('targetType'), targetId: sql.placeholder('targetId'), updatedAt: now })
        .onConflictDoNothing()
        .prepare();
      for (const { targetType, targetId } of targets) insert.run({ targetType, targetId });
      tx.update(announcements).set({ fannedOutAt: now }).where(eq(announcements.id, announcementId)).run();
      return targets.length;
    }, { behavior: 'immediate' });
    if (written === null) return;
    ctx.log.info({ announcementId, targets: written }, 'announcement fanned out');
    if (written > 0) wroteOutbox();
  };
}

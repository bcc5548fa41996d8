import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { buildMessage, type AnnouncementMessage } from '../announcements/announcement-message.js';
import type { Db } from '../db/database.js';
import { channels, deliveries } from '../db/schema.js';
import { jobIds, type ChannelTarget } from '../jobs/catalogue.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';

export interface DeliveryJobSettings {
  publicUrl: string;
  attempts: number;
  backoffMs: number;
}

/**
 * Hands pending deliveries to the senders, in bulk: each job carries the rendered message and
 * the channel with its secrets still sealed, so senders need no database.
 */
export function deliveryOutboxSource(db: Db, settings: DeliveryJobSettings): OutboxSource<'send'> {
  return {
    name: 'deliveries',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.status, 'pending'), eq(deliveries.targetType, 'channel'), or(isNull(deliveries.enqueuedAt), lt(deliveries.enqueuedAt, staleBefore))))
        .orderBy(asc(deliveries.id))
        .limit(limit)
        .all();
      const messages = new Map<number, AnnouncementMessage>();
      const message = (id: number) => messages.get(id) ?? messages.set(id, buildMessage(db, id, settings.publicUrl)).get(id)!;
      const channelIds = [...new Set(rows.map((row) => row.targetId))];
      const targets = new Map(
        (channelIds.length ? db.select().from(channels).where(inArray(channels.id, channelIds)).all() : []).map((c): [number, ChannelTarget] => [
          c.id,
          { id: c.id, kind: c.kind, name: c.name, settings: c.settings, sealedSecrets: c.sealedSecrets, ratePerMinute: c.ratePerMinute },
        ]),
      );
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map((row) => ({
          name: 'deliver-to-channel' as const,
          data: { deliveryId: row.id, round: row.round, channel: targets.get(row.targetId)!, message: message(row.announcementId) },
          opts: { jobId: jobIds.delivery(row.id, row.round), attempts: settings.attempts, backoffMs: settings.backoffMs },
        })),
      };
    },
    markEnqueued(rowIds, at) {
      db.update(deliveries).set({ enqueuedAt: at }).where(inArray(deliveries.id, rowIds)).run();
    },
  };
}

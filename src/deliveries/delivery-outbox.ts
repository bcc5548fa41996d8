import { asc, eq, inArray } from 'drizzle-orm';
import { buildMessage, type AnnouncementMessage } from '../announcements/announcement-message.js';
import type { Db } from '../db/database.js';
import { channels, deliveries, registrations, subscribers } from '../db/schema.js';
import { jobIds, type ChannelTarget } from '../jobs/catalogue.js';
import type { BulkJob } from '../jobs/queue-driver.js';
import { dueForQueue, markEnqueued } from '../jobs/outbox-marker.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';
import { cancelLink } from '../registrations/registration-links.js';
import { manageUrls } from '../subscribers/subscriber-links.js';

export interface DeliveryJobSettings {
  publicUrl: string;
  secretKey: string;
  unsubscribeMailto: string | undefined;
  attempts: number;
  backoffMs: number;
}

type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Hands pending deliveries to the senders, in bulk. Each job carries what its sender needs and
 * nothing to look up: a channel with its secrets still sealed and the rendered message, or a
 * subscriber's rendered notice with its .ics and personal unsubscribe links.
 */
export function deliveryOutboxSource(db: Db, settings: DeliveryJobSettings): OutboxSource<'send'> {
  return {
    name: 'deliveries',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = db
        .select()
        .from(deliveries)
        .where(dueForQueue(eq(deliveries.status, 'pending'), deliveries.enqueuedAt, staleBefore))
        .orderBy(asc(deliveries.id))
        .limit(limit)
        .all();
      const render = renderer(db, settings, rows);
      const jobs = rows.map(render.job).filter((job): job is BulkJob<'send'> => job !== null);
      return { rowIds: rows.map((row) => row.id), jobs };
    },
    markEnqueued(rowIds, at) {
      markEnqueued(db, deliveries, deliveries.id, deliveries.enqueuedAt, rowIds, at);
    },
  };
}

/** Renders a batch of deliveries, each announcement's message and calendar once. */
function renderer(db: Db, settings: DeliveryJobSettings, batch: DeliveryRow[]) {
  // The people of the batch, in one query each rather than one per delivery.
  const idsOf = (type: DeliveryRow['targetType']) => batch.filter((row) => row.targetType === type).map((row) => row.targetId);
  const subscriberIds = idsOf('subscriber');
  const people = new Map(
    (subscriberIds.length ? db.select({ id: subscribers.id, email: subscribers.email, status: subscribers.status }).from(subscribers).where(inArray(subscribers.id, subscriberIds)).all() : []).map(
      (s) => [s.id, s],
    ),
  );
  const registrationIds = idsOf('registration');
  const attendees = new Map((registrationIds.length ? db.select().from(registrations).where(inArray(registrations.id, registrationIds)).all() : []).map((r) => [r.id, r]));
  const messages = new Map<number, AnnouncementMessage>();
  const channelCache = new Map<number, ChannelTarget | null>();
  const opts = (row: DeliveryRow) => ({ jobId: jobIds.delivery(row.id, row.round), attempts: settings.attempts, backoffMs: settings.backoffMs });

  function announcement(id: number): AnnouncementMessage {
    let message = messages.get(id);
    if (!message) {
      message = buildMessage(db, id, settings.publicUrl);
      messages.set(id, message);
    }
    return message;
  }

  function channel(id: number): ChannelTarget | null {
    if (!channelCache.has(id)) {
      const c = db.select().from(channels).where(eq(channels.id, id)).get();
      channelCache.set(id, c ? { id: c.id, kind: c.kind, name: c.name, settings: c.settings, sealedSecrets: c.sealedSecrets, ratePerMinute: c.ratePerMinute } : null);
    }
    return channelCache.get(id)!;
  }

  /** A delivery whose target is gone or left is skipped, not sent. */
  function skip(row: DeliveryRow, reason: string): null {
    db.update(deliveries).set({ status: 'skipped', lastError: reason, updatedAt: new Date() }).where(eq(deliveries.id, row.id)).run();
    return null;
  }

  return {
    job(row: DeliveryRow): BulkJob<'send'> | null {
      if (row.targetType === 'channel') {
        const target = channel(row.targetId);
        if (!target) return skip(row, 'channel removed');
        return { name: 'deliver-to-channel', data: { deliveryId: row.id, round: row.round, channel: target, message: announcement(row.announcementId) }, opts: opts(row) };
      }
      if (row.targetType === 'registration') {
        const person = attendees.get(row.targetId);
        if (!person || (person.status !== 'confirmed' && person.status !== 'checked_in')) return skip(row, `registration ${person?.status ?? 'removed'}`);
        const message = announcement(row.announcementId);
        const notice = { template: 'attendee-reminder' as const, to: person.email, name: person.name, message, cancelUrl: cancelLink(settings, person.id, new Date(message.end)) };
        return { name: 'send-notice', data: { deliveryId: row.id, round: row.round, notice }, opts: opts(row) };
      }
      const subscriber = people.get(row.targetId);
      if (!subscriber || subscriber.status !== 'confirmed') return skip(row, `subscriber ${subscriber?.status ?? 'removed'}`);
      const links = { ...manageUrls(settings, row.targetId), ...(settings.unsubscribeMailto ? { mailto: settings.unsubscribeMailto } : {}) };
      const notice = { template: 'subscriber-notice' as const, to: subscriber.email, message: announcement(row.announcementId), links };
      return { name: 'send-notice', data: { deliveryId: row.id, round: row.round, notice }, opts: opts(row) };
    },
  };
}

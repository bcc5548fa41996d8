import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { buildMessage, type AnnouncementMessage } from '../announcements/announcement-message.js';
import type { Db } from '../db/database.js';
import { announcements, channels, deliveries, registrations, subscribers } from '../db/schema.js';
import { eventsCalendar } from '../events/event-ics.js';
import { findEventWithPlace } from '../events/events-dal.js';
import { jobIds, type ChannelTarget } from '../jobs/catalogue.js';
import type { BulkJob } from '../jobs/queue-driver.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';
import { cancelLink } from '../registrations/registration-links.js';
import { attendeeReminderMail } from '../mail/templates/registration.js';
import { manageUrls } from '../subscribers/subscriber-links.js';
import { noticeMail } from '../mail/templates/subscriber.js';

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
        .where(and(eq(deliveries.status, 'pending'), or(isNull(deliveries.enqueuedAt), lt(deliveries.enqueuedAt, staleBefore))))
        .orderBy(asc(deliveries.id))
        .limit(limit)
        .all();
      const render = renderer(db, settings);
      const jobs = rows.map(render.job).filter((job): job is BulkJob<'send'> => job !== null);
      return { rowIds: rows.map((row) => row.id), jobs };
    },
    markEnqueued(rowIds, at) {
      db.update(deliveries).set({ enqueuedAt: at }).where(inArray(deliveries.id, rowIds)).run();
    },
  };
}

/** Renders a batch of deliveries, each announcement's message and calendar once. */
function renderer(db: Db, settings: DeliveryJobSettings) {
  const messages = new Map<number, { message: AnnouncementMessage; ics: string }>();
  const channelCache = new Map<number, ChannelTarget | null>();
  const opts = (row: DeliveryRow) => ({ jobId: jobIds.delivery(row.id, row.round), attempts: settings.attempts, backoffMs: settings.backoffMs });

  function announcement(id: number) {
    let cached = messages.get(id);
    if (!cached) {
      const message = buildMessage(db, id, settings.publicUrl);
      const eventId = db.select({ eventId: announcements.eventId }).from(announcements).where(eq(announcements.id, id)).get()!.eventId;
      cached = { message, ics: eventsCalendar([findEventWithPlace(db, eventId)], { publicUrl: settings.publicUrl, name: message.title }) };
      messages.set(id, cached);
    }
    return cached;
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
        return { name: 'deliver-to-channel', data: { deliveryId: row.id, round: row.round, channel: target, message: announcement(row.announcementId).message }, opts: opts(row) };
      }
      if (row.targetType === 'registration') {
        const person = db.select().from(registrations).where(eq(registrations.id, row.targetId)).get();
        if (!person || (person.status !== 'confirmed' && person.status !== 'checked_in')) return skip(row, `registration ${person?.status ?? 'removed'}`);
        const { message, ics } = announcement(row.announcementId);
        const eventEnd = new Date(message.end);
        const mail = attendeeReminderMail(person, message, ics, cancelLink(settings, person.id, eventEnd));
        return { name: 'send-notice', data: { deliveryId: row.id, round: row.round, mail }, opts: opts(row) };
      }
      const subscriber = db.select({ email: subscribers.email, status: subscribers.status }).from(subscribers).where(eq(subscribers.id, row.targetId)).get();
      if (!subscriber || subscriber.status !== 'confirmed') return skip(row, `subscriber ${subscriber?.status ?? 'removed'}`);
      const { message, ics } = announcement(row.announcementId);
      const links = { ...manageUrls(settings, row.targetId), mailto: settings.unsubscribeMailto };
      return { name: 'send-notice', data: { deliveryId: row.id, round: row.round, mail: noticeMail(subscriber.email, message, ics, links) }, opts: opts(row) };
    },
  };
}

import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import { buildMessage, type AnnouncementMessage } from '../announcements/announcement-message.js';
import type { Db } from '../db/database.js';
import { channels, deliveries, registrations, subscribers } from '../db/schema.js';
import { jobIds, NOTICE_BATCH_SIZE, type ChannelTarget, type NoticeRecipient } from '../jobs/catalogue.js';
import type { BulkJob } from '../jobs/queue-driver.js';
import { dueForQueue, markEnqueued } from '../jobs/outbox-marker.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';

export interface DeliveryJobSettings {
  publicUrl: string;
  unsubscribeMailto: string | undefined;
  attempts: number;
  backoffMs: number;
}

type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Hands pending deliveries to the senders, in bulk. Each job carries what its sender needs and
 * nothing to look up: a channel with its secrets still sealed and the message, or a batch of
 * subscribers and attendees sharing the message, each with their personal links.
 */
export function deliveryOutboxSource(db: Db, settings: DeliveryJobSettings): OutboxSource<'send'> {
  const due = (staleBefore: Date) => dueForQueue(eq(deliveries.status, 'pending'), deliveries.enqueuedAt, staleBefore);
  return {
    name: 'deliveries',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = db.select().from(deliveries).where(due(staleBefore)).orderBy(asc(deliveries.id)).limit(limit).all();
      const last = rows.at(-1);
      if (rows.length === limit && last) {
        // A batch must not be split between two claims (both would name the same job): take the rest of the last block.
        const blockEnd = (Math.floor(last.id / NOTICE_BATCH_SIZE) + 1) * NOTICE_BATCH_SIZE;
        rows.push(...db.select().from(deliveries).where(and(due(staleBefore), gt(deliveries.id, last.id), lt(deliveries.id, blockEnd))).orderBy(asc(deliveries.id)).all());
      }
      return { rowIds: rows.map((row) => row.id), jobs: renderer(db, settings, rows).jobs() };
    },
    markEnqueued(rowIds, at) {
      markEnqueued(db, deliveries, deliveries.id, deliveries.enqueuedAt, rowIds, at);
    },
  };
}

/** Renders a batch of deliveries into jobs, each announcement's message once. */
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
  const retry = { attempts: settings.attempts, backoffMs: settings.backoffMs };
  const links = { publicUrl: settings.publicUrl, ...(settings.unsubscribeMailto ? { unsubscribeMailto: settings.unsubscribeMailto } : {}) };

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

  function recipient(row: DeliveryRow): NoticeRecipient | null {
    const base = { deliveryId: row.id, round: row.round };
    if (row.targetType === 'registration') {
      const person = attendees.get(row.targetId);
      if (!person || (person.status !== 'confirmed' && person.status !== 'checked_in')) return skip(row, `registration ${person?.status ?? 'removed'}`);
      return { ...base, template: 'attendee-reminder', to: person.email, name: person.name, registrationId: person.id };
    }
    const subscriber = people.get(row.targetId);
    if (!subscriber || subscriber.status !== 'confirmed') return skip(row, `subscriber ${subscriber?.status ?? 'removed'}`);
    return { ...base, template: 'subscriber-notice', to: subscriber.email, subscriberId: subscriber.id };
  }

  return {
    jobs(): BulkJob<'send'>[] {
      const jobs: BulkJob<'send'>[] = [];
      const notices = new Map<string, { announcementId: number; recipients: NoticeRecipient[] }>();
      for (const row of batch) {
        if (row.targetType === 'channel') {
          const target = channel(row.targetId);
          if (!target) skip(row, 'channel removed');
          else jobs.push({ name: 'deliver-to-channel', data: { deliveryId: row.id, round: row.round, channel: target, message: announcement(row.announcementId) }, opts: { jobId: jobIds.delivery(row.id, row.round), ...retry } });
          continue;
        }
        const person = recipient(row);
        if (!person) continue;
        const key = jobIds.noticeBatch(row.announcementId, row.id, row.round);
        const group = notices.get(key) ?? { announcementId: row.announcementId, recipients: [] };
        group.recipients.push(person);
        notices.set(key, group);
      }
      for (const [jobId, { announcementId, recipients }] of notices) {
        jobs.push({ name: 'send-notices', data: { message: announcement(announcementId), links, recipients }, opts: { jobId, ...retry } });
      }
      return jobs;
    },
  };
}

import { buildMessage } from '../events/announcement-message.js';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import type { Db } from '../db/database.js';
import { deliveries } from '../db/schema.js';
import { channelIfAny } from '../channels/channels-service.js';
import { dueDeliveryRows, idsBetween, PENDING_ALONE, skipDelivery, type DeliveryCondition } from './deliveries-dal.js';
import { jobIds, NOTICE_BATCH_SIZE, type ChannelTarget, type NoticeRecipient } from '../queue/catalogue.js';
import type { BulkJob } from '../queue/queue-driver.js';
import { CLAIM_LIMIT, claimValues, neverQueued, outboxMarks, queuedBefore } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import { nowDate } from '../time/clock.js';
import { preparedOnce } from '../db/prepared.js';

export interface DeliveryJobSettings {
  publicUrl: string;
  unsubscribeMailto: string | undefined;
  attempts: number;
  backoffMs: number;
  /**
   * A channel that gathers its deliveries instead of taking each as a job (an Official Account's
   * daily broadcast) takes this one; true when it did. Given by the composition root, so the
   * deliveries need not know the broadcasts, which record their outcomes through the deliveries.
   */
  gather?: (channel: ChannelTarget, deliveryId: number) => boolean;
}

/**
 * Hands pending deliveries to the senders, in bulk. Each job carries what its sender needs and
 * nothing to look up: a channel with its secrets still sealed and the message, or a batch of
 * subscribers and attendees sharing the message (senders sign their personal links).
 */
export function deliveryOutboxSource(db: Db, settings: DeliveryJobSettings): OutboxSource<'send'> {
  // A delivery gathered into an Official Account's broadcast goes with it (broadcasts/broadcast-jobs.ts), not on its own.
  const pending = PENDING_ALONE;
  const never = neverQueued(pending, deliveries.enqueuedAt);
  const stale = queuedBefore(pending, deliveries.enqueuedAt);
  const claims = preparedOnce((db) => ({ never: dueDeliveryRows(db, never).limit(CLAIM_LIMIT).prepare(), stale: dueDeliveryRows(db, stale).limit(CLAIM_LIMIT).prepare() }));
  return {
    name: 'deliveries',
    queue: 'send',
    claim(staleBefore, limit) {
      // Rows never handed over first, in id order from the status index (no sort of every pending row per claim).
      const rows = wholeBlocks(db, never, claims(db).never.all(claimValues(staleBefore, limit)), limit, staleBefore);
      if (rows.length < limit) rows.push(...wholeBlocks(db, stale, claims(db).stale.all(claimValues(staleBefore, limit - rows.length)), limit - rows.length, staleBefore));
      return { rowIds: rows.map((row) => row.id), jobs: renderer(db, settings).jobs(rows) };
    },
    ...outboxMarks(db, deliveries, deliveries.id, deliveries.enqueuedAt),
  };
}

/**
 * The first `limit` rows matching `where` (claimed by a prepared query), plus the rest of the last
 * one's block: a batch must not be split between two claims, which would both name the same job.
 */
function wholeBlocks(db: Db, where: DeliveryCondition, rows: DueRow[], limit: number, staleBefore: Date): DueRow[] {
  const last = rows.at(-1);
  if (limit > 0 && rows.length === limit && last) {
    const blockEnd = (Math.floor(last.id / NOTICE_BATCH_SIZE) + 1) * NOTICE_BATCH_SIZE;
    rows.push(...dueDeliveryRows(db, idsBetween(where, last.id, blockEnd)).all(claimValues(staleBefore, 0)));
  }
  return rows;
}

type DueRow = Awaited<ReturnType<ReturnType<typeof dueDeliveryRows>['all']>>[number];

/** Renders due deliveries into jobs, each announcement's message and each channel once. */
function renderer(db: Db, settings: DeliveryJobSettings) {
  const messages = new Map<number, AnnouncementMessage>();
  const channelCache = new Map<number, (ChannelTarget & { active: boolean }) | null>();
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

  function channel(id: number): (ChannelTarget & { active: boolean }) | null {
    if (!channelCache.has(id)) {
      const c = channelIfAny({ db }, id);
      channelCache.set(id, c ? { id: c.id, kind: c.kind, name: c.name, settings: c.settings, sealedSecrets: c.sealedSecrets, ratePerMinute: c.ratePerMinute, active: c.active } : null);
    }
    return channelCache.get(id)!;
  }

  /** A delivery whose target is gone or left is skipped, not sent. */
  function skip(row: DueRow, reason: string): null {
    skipDelivery(db, row.id, reason, nowDate());
    return null;
  }

  function recipient(row: DueRow): NoticeRecipient | null {
    const base = { deliveryId: row.id, round: row.round };
    if (row.targetType === 'registration') {
      if (row.attendeeStatus !== 'confirmed' && row.attendeeStatus !== 'checked_in') return skip(row, `registration ${row.attendeeStatus ?? 'removed'}`);
      return { ...base, template: 'attendee-reminder', to: row.attendeeEmail!, name: row.attendeeName!, registrationId: row.targetId };
    }
    if (row.subscriberStatus !== 'confirmed') return skip(row, `subscriber ${row.subscriberStatus ?? 'removed'}`);
    return { ...base, template: 'subscriber-notice', to: row.subscriberEmail!, subscriberId: row.targetId };
  }

  return {
    jobs(rows: DueRow[]): BulkJob<'send'>[] {
      const jobs: BulkJob<'send'>[] = [];
      const notices = new Map<string, { announcementId: number; recipients: NoticeRecipient[] }>();
      for (const row of rows) {
        if (row.targetType === 'channel') {
          const found = channel(row.targetId);
          if (!found) skip(row, 'channel removed');
          else if (!found.active) skip(row, 'channel switched off');
          else {
            const { active: _active, ...target } = found;
            if (settings.gather?.(target, row.id)) continue;
            jobs.push({ name: 'deliver-to-channel', data: { deliveryId: row.id, round: row.round, channel: target, message: announcement(row.announcementId) }, opts: { jobId: jobIds.delivery(row.id, row.round), ...retry } });
          }
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

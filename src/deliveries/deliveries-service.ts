import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import type { Principal } from '../auth/principal.js';
import type { DeliveryStatus } from '../db/schema.js';
import { announcementRecord } from '../announcements/announcements.js';
import { channelName, deliveriesAfter, deliveryCounts, eventAnnouncements, findDelivery, recentAnnouncementRows, updateDelivery, type DeliveryRow } from './deliveries-dal.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventWithPlace } from '../events/events-service.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { utc } from '../time/instants.js';
import { nowDate } from '../time/clock.js';



/** The latest announcements of every event, newest first, with their delivery counts (the coordinator's overview). */
export function recentAnnouncements({ db }: DbDeps, query: { page?: number; limit?: number } = {}) {
  const limit = query.limit ?? 30;
  const page = Math.max(1, query.page ?? 1);
  const rows = recentAnnouncementRows(db, limit + 1, (page - 1) * limit);
  const shown = rows.slice(0, limit);
  const counts = deliveryCounts(db, shown.map((row) => row.announcement.id));
  return {
    items: shown.map(({ announcement, title }) => ({
      id: announcement.id,
      eventId: announcement.eventId,
      eventTitle: title,
      kind: announcement.kind,
      createdAt: utc(announcement.createdAt),
      counts: counts.get(announcement.id)!,
    })),
    nextPage: rows.length > limit ? page + 1 : null,
  };
}

export function listAnnouncements({ db }: DbDeps, principal: Principal, eventId: number) {
  assertRunsEvent(principal, eventWithPlace({ db }, eventId).event);
  const rows = eventAnnouncements(db, eventId);
  const counts = deliveryCounts(db, rows.map((row) => row.id));
  return {
    items: rows.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      kind: row.kind,
      sequence: row.sequence,
      createdAt: utc(row.createdAt),
      fannedOutAt: row.fannedOutAt ? utc(row.fannedOutAt) : null,
      counts: counts.get(row.id)!,
    })),
  };
}

function toView(row: DeliveryRow, targetName: string | null) {
  return {
    id: row.id,
    announcementId: row.announcementId,
    targetType: row.targetType,
    targetId: row.targetId,
    targetName,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    remoteId: row.remoteId,
    sentAt: row.sentAt ? utc(row.sentAt) : null,
    updatedAt: utc(row.updatedAt),
  };
}

export function listDeliveries({ db }: DbDeps, principal: Principal, announcementId: number, query: { status?: DeliveryStatus; cursor?: string; limit?: number }) {
  const announcement = announcementRecord(db, announcementId);
  if (!announcement) throw new NotFoundError('Announcement', announcementId);
  assertRunsEvent(principal, eventWithPlace({ db }, announcement.eventId).event);
  const limit = query.limit ?? 50;
  const rows = deliveriesAfter(db, announcementId, decodeCursor(query.cursor) ?? 0, limit, query.status).map((row) => ({ ...row, id: row.delivery.id }));
  return { counts: deliveryCounts(db, [announcementId]).get(announcementId)!, ...toPage(rows, limit, (row) => toView(row.delivery, row.channelName)) };
}

/** Puts a dead delivery back to pending as a new round (a new job), for the relay to hand over. */
export function retryDelivery({ db }: OwnDbDeps, id: number) {
  return db.transaction((tx) => {
    const row = findDelivery(tx, id);
    if (!row) throw new NotFoundError('Delivery', id);
    if (row.status !== 'dead') throw new ConflictError(`Delivery ${id} is ${row.status}; only dead deliveries are retried.`, { rule: 'not-dead', currentStatus: row.status }).say('errOnlyDeadRetried');
    const after = updateDelivery(tx, id, { status: 'pending', round: row.round + 1, attempts: 0, enqueuedAt: null, broadcastId: null, updatedAt: nowDate() });
    return toView(after, row.targetType === 'channel' ? channelName(tx, row.targetId) : null);
  });
}

import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import type { Principal } from '../auth/principal.js';
import type { DbOrTx } from '../db/database.js';
import { announcements, channels, deliveries, events, type DeliveryStatus } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import { assertRunsEvent } from '../events/event-access.js';
import { findEventWithPlace } from '../events/events-dal.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { utc } from '../time/instants.js';
import { nowDate } from '../time/clock.js';

type DeliveryRow = typeof deliveries.$inferSelect;

function countsOf(db: DbOrTx, announcementIds: number[]) {
  const rows = announcementIds.length
    ? db
        .select({ announcementId: deliveries.announcementId, status: deliveries.status, n: sql<number>`count(*)` })
        .from(deliveries)
        .where(inArray(deliveries.announcementId, announcementIds))
        .groupBy(deliveries.announcementId, deliveries.status)
        .all()
    : [];
  const counts = new Map(announcementIds.map((id) => [id, { pending: 0, sent: 0, dead: 0, skipped: 0 }]));
  for (const row of rows) counts.get(row.announcementId)![row.status] = row.n;
  return counts;
}

/** The latest announcements of every event, newest first, with their delivery counts (the coordinator's overview). */
export function recentAnnouncements({ db }: DbDeps, query: { page?: number; limit?: number } = {}) {
  const limit = query.limit ?? 30;
  const page = Math.max(1, query.page ?? 1);
  const rows = db
    .select({ announcement: announcements, title: events.title })
    .from(announcements)
    .innerJoin(events, eq(events.id, announcements.eventId))
    .orderBy(desc(announcements.id))
    .limit(limit + 1)
    .offset((page - 1) * limit)
    .all();
  const shown = rows.slice(0, limit);
  const counts = countsOf(db, shown.map((row) => row.announcement.id));
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
  assertRunsEvent(principal, findEventWithPlace(db, eventId).event);
  const rows = db.select().from(announcements).where(eq(announcements.eventId, eventId)).orderBy(asc(announcements.id)).all();
  const counts = countsOf(db, rows.map((row) => row.id));
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
  const announcement = db.select().from(announcements).where(eq(announcements.id, announcementId)).get();
  if (!announcement) throw new NotFoundError('Announcement', announcementId);
  assertRunsEvent(principal, findEventWithPlace(db, announcement.eventId).event);
  const limit = query.limit ?? 50;
  const rows = db
    .select({ delivery: deliveries, channelName: channels.name })
    .from(deliveries)
    .leftJoin(channels, and(eq(deliveries.targetType, 'channel'), eq(channels.id, deliveries.targetId)))
    .where(and(eq(deliveries.announcementId, announcementId), gt(deliveries.id, decodeCursor(query.cursor) ?? 0), query.status ? eq(deliveries.status, query.status) : undefined))
    .orderBy(asc(deliveries.id))
    .limit(limit + 1)
    .all()
    .map((row) => ({ ...row, id: row.delivery.id }));
  return { counts: countsOf(db, [announcementId]).get(announcementId)!, ...toPage(rows, limit, (row) => toView(row.delivery, row.channelName)) };
}

/** Puts a dead delivery back to pending as a new round (a new job), for the relay to hand over. */
export function retryDelivery({ db }: OwnDbDeps, id: number) {
  return db.transaction((tx) => {
    const row = tx.select().from(deliveries).where(eq(deliveries.id, id)).get();
    if (!row) throw new NotFoundError('Delivery', id);
    if (row.status !== 'dead') throw new ConflictError(`Delivery ${id} is ${row.status}; only dead deliveries are retried.`, { rule: 'not-dead', currentStatus: row.status }).say('errOnlyDeadRetried');
    const after = tx
      .update(deliveries)
      .set({ status: 'pending', round: row.round + 1, attempts: 0, enqueuedAt: null, broadcastId: null, updatedAt: nowDate() })
      .where(eq(deliveries.id, id))
      .returning()
      .get();
    const channel = row.targetType === 'channel' ? tx.select({ name: channels.name }).from(channels).where(eq(channels.id, row.targetId)).get() : undefined;
    return toView(after, channel?.name ?? null);
  });
}

import { and, asc, desc, eq, gt, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, channels, deliveries, events, registrations, subscribers, type DeliveryStatus } from '../db/schema.js';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryCounts = Record<DeliveryStatus, number>;

/** Each announcement's deliveries counted by status. */
export function deliveryCounts(db: DbOrTx, announcementIds: number[]): Map<number, DeliveryCounts> {
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

/** Announcements of every event, newest first, with the event's title, by offset (`limit` rows). */
export function recentAnnouncementRows(db: DbOrTx, limit: number, offset: number) {
  return db
    .select({ announcement: announcements, title: events.title })
    .from(announcements)
    .innerJoin(events, eq(events.id, announcements.eventId))
    .orderBy(desc(announcements.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** The event's announcements, oldest first. */
export function eventAnnouncements(db: DbOrTx, eventId: number) {
  return db.select().from(announcements).where(eq(announcements.eventId, eventId)).orderBy(asc(announcements.id)).all();
}

/** One page of an announcement's deliveries after `afterId` (`limit` + 1 rows), each with its channel's name. */
export function deliveriesAfter(db: DbOrTx, announcementId: number, afterId: number, limit: number, status?: DeliveryStatus) {
  return db
    .select({ delivery: deliveries, channelName: channels.name })
    .from(deliveries)
    .leftJoin(channels, and(eq(deliveries.targetType, 'channel'), eq(channels.id, deliveries.targetId)))
    .where(and(eq(deliveries.announcementId, announcementId), gt(deliveries.id, afterId), status ? eq(deliveries.status, status) : undefined))
    .orderBy(asc(deliveries.id))
    .limit(limit + 1)
    .all();
}

export function findDelivery(db: DbOrTx, id: number): DeliveryRow | undefined {
  return db.select().from(deliveries).where(eq(deliveries.id, id)).get();
}

export function updateDelivery(db: DbOrTx, id: number, values: Partial<typeof deliveries.$inferInsert>): DeliveryRow {
  return db.update(deliveries).set(values).where(eq(deliveries.id, id)).returning().get();
}

/** The name of a delivery's channel (a delivery view names its target). */
export function channelName(db: DbOrTx, channelId: number): string | null {
  return db.select({ name: channels.name }).from(channels).where(eq(channels.id, channelId)).get()?.name ?? null;
}

/** Pending deliveries not gathered into an Official Account's broadcast (which sends them with it). */
/** Which deliveries a claim reads. */
export type DeliveryCondition = SQL | undefined;

export const PENDING_ALONE = and(eq(deliveries.status, 'pending'), isNull(deliveries.broadcastId))!;

/** Due deliveries matching `where` with the person each goes to, in one query, in id order. */
export function dueDeliveryRows(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      id: deliveries.id,
      announcementId: deliveries.announcementId,
      targetType: deliveries.targetType,
      targetId: deliveries.targetId,
      round: deliveries.round,
      subscriberEmail: subscribers.email,
      subscriberStatus: subscribers.status,
      attendeeEmail: registrations.email,
      attendeeName: registrations.name,
      attendeeStatus: registrations.status,
    })
    .from(deliveries)
    .leftJoin(subscribers, and(eq(deliveries.targetType, 'subscriber'), eq(subscribers.id, deliveries.targetId)))
    .leftJoin(registrations, and(eq(deliveries.targetType, 'registration'), eq(registrations.id, deliveries.targetId)))
    .where(where)
    .orderBy(asc(deliveries.id));
}

/** `where`, and ids after `afterId` and before `beforeId`. */
export function idsBetween(where: SQL | undefined, afterId: number, beforeId: number): SQL {
  return and(where, gt(deliveries.id, afterId), lt(deliveries.id, beforeId))!;
}

export function skipDelivery(db: DbOrTx, id: number, reason: string, at: Date): void {
  db.update(deliveries).set({ status: 'skipped', lastError: reason, updatedAt: at }).where(eq(deliveries.id, id)).run();
}

/**
 * Records a sender's outcome for one delivery: an older retry round's is ignored, a `sent` delivery
 * never changes again, a skipped one stays skipped unless it did go out, and a late `failed` does
 * not revive a dead one.
 */
export function settleDelivery(
  db: DbOrTx,
  outcome: { deliveryId: number; round: number; status: 'sent' | 'failed' | 'dead'; attempt: number; at: string; remoteId?: string; error?: string },
  now: Date,
): void {
  const thisRound = and(eq(deliveries.id, outcome.deliveryId), eq(deliveries.round, outcome.round));
  const current = and(thisRound, notInArray(deliveries.status, outcome.status === 'sent' ? ['sent'] : ['sent', 'skipped']));
  const attempts = sql`max(${deliveries.attempts}, ${outcome.attempt})`;
  if (outcome.status === 'sent') {
    db.update(deliveries).set({ status: 'sent', attempts, sentAt: new Date(outcome.at), remoteId: outcome.remoteId ?? null, lastError: null, updatedAt: now }).where(current).run();
  } else if (outcome.status === 'dead') {
    db.update(deliveries).set({ status: 'dead', attempts, lastError: outcome.error ?? null, updatedAt: now }).where(current).run();
  } else {
    db.update(deliveries).set({ attempts, lastError: outcome.error ?? null, updatedAt: now }).where(and(current, eq(deliveries.status, 'pending'))).run();
  }
}

/** Whom a delivery goes to. */
export function deliveryTarget(db: DbOrTx, id: number) {
  return db.select({ type: deliveries.targetType, id: deliveries.targetId }).from(deliveries).where(eq(deliveries.id, id)).get();
}

import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, channels, deliveries, events, type DeliveryStatus } from '../db/schema.js';

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

/** Skips a channel's deliveries still waiting to go out, with the reason; their (id, round). */
export function skipPendingChannelDeliveries(db: DbOrTx, channelId: number, reason: string, now: Date) {
  return db
    .update(deliveries)
    .set({ status: 'skipped', lastError: reason, updatedAt: now })
    .where(and(eq(deliveries.targetType, 'channel'), eq(deliveries.targetId, channelId), eq(deliveries.status, 'pending')))
    .returning({ id: deliveries.id, round: deliveries.round })
    .all();
}

/** The name of a delivery's channel (a delivery view names its target). */
export function channelName(db: DbOrTx, channelId: number): string | null {
  return db.select({ name: channels.name }).from(channels).where(eq(channels.id, channelId)).get()?.name ?? null;
}

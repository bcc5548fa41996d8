import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, broadcasts, deliveries, events } from '../db/schema.js';

export type BroadcastRow = typeof broadcasts.$inferSelect;

export function findBroadcast(db: DbOrTx, id: number): BroadcastRow | undefined {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

/** The channel's broadcast waiting to be sent, if any. */
export function waitingBroadcast(db: DbOrTx, channelId: number): BroadcastRow | undefined {
  return db.select().from(broadcasts).where(and(eq(broadcasts.channelId, channelId), eq(broadcasts.status, 'waiting'))).get();
}

export function insertBroadcast(db: DbOrTx, values: typeof broadcasts.$inferInsert): BroadcastRow {
  return db.insert(broadcasts).values(values).returning().get();
}

export function updateBroadcast(db: DbOrTx, id: number, values: Partial<typeof broadcasts.$inferInsert>): BroadcastRow {
  return db.update(broadcasts).set(values).where(eq(broadcasts.id, id)).returning().get();
}

/** Puts deliveries into a broadcast. */
export function moveDeliveriesInto(db: DbOrTx, broadcastId: number, deliveryIds: number[], at: Date): void {
  if (deliveryIds.length) db.update(deliveries).set({ broadcastId, updatedAt: at }).where(inArray(deliveries.id, deliveryIds)).run();
}

/** The deliveries still pending in a broadcast. */
export function pendingInBroadcast(db: DbOrTx, broadcastId: number): number[] {
  return db.select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.broadcastId, broadcastId), eq(deliveries.status, 'pending'))).all().map((row) => row.id);
}

/** How many deliveries are still pending in a broadcast. */
export function pendingCount(db: DbOrTx, broadcastId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(deliveries).where(and(eq(deliveries.broadcastId, broadcastId), eq(deliveries.status, 'pending'))).get()!.n;
}

/** What waits in a broadcast: each pending delivery's announcement kind and event, soonest event first. */
export function waitingItems(db: DbOrTx, broadcastId: number) {
  return db
    .select({ kind: announcements.kind, title: events.title, startAt: events.startAt })
    .from(deliveries)
    .innerJoin(announcements, eq(announcements.id, deliveries.announcementId))
    .innerJoin(events, eq(events.id, announcements.eventId))
    .where(and(eq(deliveries.broadcastId, broadcastId), eq(deliveries.status, 'pending')))
    .orderBy(asc(events.startAt))
    .all();
}

/** The deliveries still pending in a broadcast, in id order: what its send carries. */
export function dueInBroadcast(db: DbOrTx, broadcastId: number) {
  return db
    .select({ deliveryId: deliveries.id, round: deliveries.round, announcementId: deliveries.announcementId })
    .from(deliveries)
    .where(and(eq(deliveries.broadcastId, broadcastId), eq(deliveries.status, 'pending')))
    .orderBy(asc(deliveries.id))
    .all();
}

/** Waiting broadcasts wait for their due time (the broadcasts' outbox source's condition). */
export const BROADCAST_WAITING = eq(broadcasts.status, 'waiting');

import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { channels, deliveries } from '../db/schema.js';

export type ChannelRecord = typeof channels.$inferSelect;
type ChannelValues = typeof channels.$inferInsert;

export function findChannelRecord(db: DbOrTx, id: number): ChannelRecord | undefined {
  return db.select().from(channels).where(eq(channels.id, id)).get();
}

export function insertChannel(db: DbOrTx, values: ChannelValues): ChannelRecord {
  return db.insert(channels).values(values).returning().get();
}

export function updateChannelRecord(db: DbOrTx, id: number, values: Partial<ChannelValues>): ChannelRecord {
  return db.update(channels).set(values).where(eq(channels.id, id)).returning().get();
}

/** Every channel, in id order. */
export function allChannels(db: DbOrTx): ChannelRecord[] {
  return db.select().from(channels).orderBy(asc(channels.id)).all();
}

/** The active channels and their topic filters. */
export function activeChannelTopics(db: DbOrTx) {
  return db.select({ id: channels.id, topics: channels.topics }).from(channels).where(eq(channels.active, true)).all();
}

/**
 * Skips a channel's deliveries still waiting to go out, with the reason; their (id, round). (A
 * channel switched off gets nothing more: the rule is the channel's, the rows the deliveries'.)
 */
export function skipPendingChannelDeliveries(db: DbOrTx, channelId: number, reason: string, now: Date) {
  return db
    .update(deliveries)
    .set({ status: 'skipped', lastError: reason, updatedAt: now })
    .where(and(eq(deliveries.targetType, 'channel'), eq(deliveries.targetId, channelId), eq(deliveries.status, 'pending')))
    .returning({ id: deliveries.id, round: deliveries.round })
    .all();
}

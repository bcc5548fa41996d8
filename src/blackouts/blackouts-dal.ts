import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { blackouts } from '../db/schema.js';

export type BlackoutRow = typeof blackouts.$inferSelect;

export function insertBlackout(db: DbOrTx, values: typeof blackouts.$inferInsert): BlackoutRow {
  return db.insert(blackouts).values(values).returning().get();
}

/** A venue's blackouts overlapping [fromMs, toMs) (either end open), earliest first. */
export function venueBlackouts(db: DbOrTx, venueId: number, fromMs?: number, toMs?: number): BlackoutRow[] {
  return db
    .select()
    .from(blackouts)
    .where(and(eq(blackouts.venueId, venueId), fromMs !== undefined ? gt(blackouts.endAt, new Date(fromMs)) : undefined, toMs !== undefined ? lt(blackouts.startAt, new Date(toMs)) : undefined))
    .orderBy(asc(blackouts.startAt))
    .all();
}

/** One of a venue's blackouts, if it is that venue's. */
export function venueBlackout(db: DbOrTx, venueId: number, id: number): BlackoutRow | undefined {
  return db.select().from(blackouts).where(and(eq(blackouts.id, id), eq(blackouts.venueId, venueId))).get();
}

export function deleteBlackoutRow(db: DbOrTx, id: number): void {
  db.delete(blackouts).where(eq(blackouts.id, id)).run();
}

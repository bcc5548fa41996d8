import { and, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/database.js';

/**
 * A claim's query is prepared once per source and database (preparedOnce) (the relay runs every source after each write, and
 * building and preparing ~14 queries anew cost ~2 ms a run); its two values are placeholders,
 * filled by `claimValues`.
 */
export const STALE_BEFORE = sql.placeholder('staleBefore');
export const CLAIM_LIMIT = sql.placeholder('limit');
/** A condition's placeholder is not mapped like its column: instants go in as epoch milliseconds. */
export const claimValues = (staleBefore: Date, limit: number) => ({ staleBefore: staleBefore.getTime(), limit });

/**
 * Every outbox table marks a row with the time it was handed to the queue (a `timestamp_ms`
 * column). A row is due for handing over while it still waits and was never handed over, or was
 * handed over before `STALE_BEFORE` (Redis may have lost it; re-adding an existing job id is a no-op).
 */
export function dueForQueue(waiting: SQL, enqueuedAt: AnySQLiteColumn): SQL | undefined {
  return or(neverQueued(waiting, enqueuedAt), queuedBefore(waiting, enqueuedAt));
}

/**
 * The two halves of `dueForQueue`, for big tables: with an index on (waiting state,
 * enqueued_at), rows never handed over come in id order straight from the index.
 */
export function neverQueued(waiting: SQL, enqueuedAt: AnySQLiteColumn): SQL | undefined {
  return and(waiting, isNull(enqueuedAt));
}

export function queuedBefore(waiting: SQL, enqueuedAt: AnySQLiteColumn): SQL | undefined {
  return and(waiting, lt(enqueuedAt, STALE_BEFORE));
}

/** The two methods of an outbox source that read and write its marker column. */
export function outboxMarks(db: Db, table: SQLiteTable, id: AnySQLiteColumn, enqueuedAt: AnySQLiteColumn) {
  return {
    markEnqueued: (rowIds: number[], at: Date) => markEnqueued(db, table, id, enqueuedAt, rowIds, at),
    anyQueuedBefore: (rowIds: number[], before: Date) => anyQueuedBefore(db, table, id, enqueuedAt, rowIds, before),
  };
}

/** Whether any of these rows was handed to the queue before `before` and still waits. */
export function anyQueuedBefore(db: Db, table: SQLiteTable, id: AnySQLiteColumn, enqueuedAt: AnySQLiteColumn, rowIds: number[], before: Date): boolean {
  const row = db.get<{ n: number }>(
    sql`select count(*) as n from ${table} where ${id} in (select value from json_each(${JSON.stringify(rowIds)})) and ${enqueuedAt} < ${before.getTime()}`,
  );
  return (row?.n ?? 0) > 0;
}

/** Marks rows as handed to the queue at `at`. The ids go as one JSON parameter, however many there are. */
export function markEnqueued(db: Db, table: SQLiteTable, id: AnySQLiteColumn, enqueuedAt: AnySQLiteColumn, rowIds: number[], at: Date): void {
  db.run(sql`update ${table} set ${sql.identifier(enqueuedAt.name)} = ${at.getTime()} where ${id} in (select value from json_each(${JSON.stringify(rowIds)}))`);
}

import { asc, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/database.js';
import type { JobData, JobName } from '../catalogue.js';
import { CLAIM_LIMIT, claimValues, dueForQueue, outboxMarks } from './outbox-marker.js';
import type { OutboxSource } from './outbox-relay.js';
import { nowMs } from '../../time/clock.js';
import { preparedOnce } from '../../db/prepared.js';

export interface DueTimeSpec<N extends JobName<'database'>> {
  name: string;
  table: SQLiteTable;
  id: AnySQLiteColumn;
  /** When the job should run (a `timestamp_ms` column), less `leadMs` if given. */
  dueAt: AnySQLiteColumn;
  leadMs?: number;
  /** Outbox marker: when the job was handed to the queue (a `timestamp_ms` column). */
  enqueuedAt: AnySQLiteColumn;
  /** Which rows still need their job, e.g. status = 'pending'. */
  waiting: SQL;
  /** The job id derives from the row and its due time, so a row whose due time moves gets a new job. */
  job: { name: N; data: (id: number) => JobData<'database', N>; jobId: (id: number, dueAt: number) => string };
}

/**
 * An outbox source for "do this to the row at its due time": each waiting row becomes one
 * delayed job on the `database` queue (booking expiry, event completion, …).
 */
export function dueTimeSource<N extends JobName<'database'>>(db: Db, spec: DueTimeSpec<N>): OutboxSource<'database'> {
  const due = preparedOnce((db) => db.select({ id: spec.id, dueAt: spec.dueAt }).from(spec.table).where(dueForQueue(spec.waiting, spec.enqueuedAt)).orderBy(asc(spec.id)).limit(CLAIM_LIMIT).prepare());
  return {
    name: spec.name,
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = due(db).all(claimValues(staleBefore, limit)) as Array<{ id: number; dueAt: Date | number }>;
      const now = nowMs();
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map((row) => {
          const dueAt = new Date(row.dueAt).getTime() - (spec.leadMs ?? 0);
          return { name: spec.job.name, data: spec.job.data(row.id), opts: { jobId: spec.job.jobId(row.id, dueAt), delayMs: Math.max(0, dueAt - now) } };
        }),
      };
    },
    ...outboxMarks(db, spec.table, spec.id, spec.enqueuedAt),
  };
}

/** Timers may fire a little before the wall clock reaches the due time. */
const EARLY_TOLERANCE_MS = 60_000;

/**
 * For a job's processor: waits out a slightly early firing and says whether the row is due.
 * False means the job is older than the row's current due time (it moved); a newer job exists.
 */
export async function waitUntilDue(dueAt: Date): Promise<boolean> {
  const early = dueAt.getTime() - nowMs();
  if (early > EARLY_TOLERANCE_MS) return false;
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early + 1));
  return true;
}

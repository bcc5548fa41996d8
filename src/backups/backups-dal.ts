import { desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { backupRuns } from '../db/schema.js';

export function findBackupRun(db: DbOrTx, id: number) {
  return db.select().from(backupRuns).where(eq(backupRuns.id, id)).get();
}

/** Plans a run at `dueAt` unless one is already waiting. */
export function planBackupRun(db: DbOrTx, dueAt: Date): void {
  const waiting = db.select({ id: backupRuns.id }).from(backupRuns).where(isNull(backupRuns.doneAt)).get();
  if (!waiting) db.insert(backupRuns).values({ dueAt }).onConflictDoNothing().run();
}

export function finishBackupRun(db: DbOrTx, id: number, outcome: { doneAt: Date; file: string; ok: boolean; bytes: number | null; error: string | null }): void {
  db.update(backupRuns).set(outcome).where(eq(backupRuns.id, id)).run();
}

/** The last run whose backup passed its check. */
export function lastOkRun(db: DbOrTx) {
  return db.select({ file: backupRuns.file, at: backupRuns.doneAt }).from(backupRuns).where(eq(backupRuns.ok, true)).orderBy(desc(backupRuns.doneAt)).get();
}

/** Runs not done wait for their time (the backup outbox source's condition). */
export const BACKUP_WAITING = isNull(backupRuns.doneAt);

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime, Duration } from 'luxon';
import { backupFileName, backupWrittenAt } from '../db/backup-files.js';
import { backupDatabase, type Db } from '../db/database.js';
import { findBackupRun, finishBackupRun, lastOkRun, planBackupRun } from './backups-dal.js';
import { nowMs } from '../time/clock.js';
import { DEFAULT_TIMEZONE } from '../time/instants.js';

export interface BackupSettings {
  /** BACKUP_DIR; unset: no scheduled backups. */
  dir?: string;
  /** BACKUP_AT, HH:MM in Asia/Shanghai. */
  at: string;
  /** BACKUP_KEEP, an ISO 8601 period. */
  keep: string;
  /** The live database file (DATABASE_PATH). */
  databasePath: string;
}

/** The backup settings of the configuration. */
export const backupSettings = (config: { backupDir?: string; backupAt: string; backupKeep: string; databasePath: string }): BackupSettings => ({
  dir: config.backupDir,
  at: config.backupAt,
  keep: config.backupKeep,
  databasePath: config.databasePath,
});


/** The next BACKUP_AT in Shanghai strictly after `after`. */
export function nextBackupAt(settings: Pick<BackupSettings, 'at'>, after: number): number {
  const [hour, minute] = settings.at.split(':').map(Number) as [number, number];
  let at = DateTime.fromMillis(after, { zone: DEFAULT_TIMEZONE }).set({ hour, minute, second: 0, millisecond: 0 });
  if (at.toMillis() <= after) at = at.plus({ days: 1 });
  return at.toMillis();
}

/** Plans the next nightly backup after `after`, unless one is already waiting; nothing without BACKUP_DIR. */
export function planNextBackup(db: Db, settings: BackupSettings, after: number): void {
  if (!settings.dir) return;
  planBackupRun(db, new Date(nextBackupAt(settings, after)));
}

/** Whether a backup file is whole: SQLite's integrity_check on it, opened read-only. */
function integrityOk(file: string): boolean {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return copy.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    copy.close();
  }
}

/** Deletes nightly backups older than BACKUP_KEEP (by the time in their names); the names it removed. */
function prune(settings: BackupSettings, now: number): string[] {
  const before = DateTime.fromMillis(now, { zone: DEFAULT_TIMEZONE }).minus(Duration.fromISO(settings.keep)).toMillis();
  const removed: string[] = [];
  for (const name of fs.readdirSync(settings.dir!)) {
    // Nightly backups and the copies taken before upgrades alike (src/db/backup-files.ts).
    const writtenAt = backupWrittenAt(name);
    if (writtenAt !== undefined && writtenAt < before) {
      fs.rmSync(path.join(settings.dir!, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * A planned nightly run: an online backup of the live file (safe while the service writes), checked
 * with integrity_check, recorded, older ones pruned, the next night planned. A failed run is
 * recorded with its error (the alert on the last good backup's age tells somebody).
 */
export async function runBackup(db: Db, settings: BackupSettings, runId: number) {
  const run = findBackupRun(db, runId);
  if (!run || run.doneAt || !settings.dir) return null;
  const started = nowMs();
  const file = path.join(settings.dir, backupFileName(started));
  let outcome: { ok: boolean; bytes: number | null; error: string | null };
  try {
    fs.mkdirSync(settings.dir, { recursive: true });
    await backupDatabase(settings.databasePath, file);
    const ok = integrityOk(file);
    outcome = { ok, bytes: fs.statSync(file).size, error: ok ? null : 'integrity_check did not answer ok' };
  } catch (error) {
    outcome = { ok: false, bytes: null, error: (error as Error).message };
  }
  finishBackupRun(db, runId, { doneAt: new Date(nowMs()), file, ...outcome });
  const pruned = outcome.ok ? prune(settings, nowMs()) : [];
  planNextBackup(db, settings, Math.max(run.dueAt.getTime(), started));
  return { file, ...outcome, pruned };
}

/** The last backup that passed its check, if any: for /readyz and the age metric. */
export function lastGoodBackup(db: Db): { file: string; at: Date } | null {
  const row = lastOkRun(db);
  return row?.file && row.at ? { file: row.file, at: row.at } : null;
}

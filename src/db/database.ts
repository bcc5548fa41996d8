import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { RENEW_LIFETIME } from './backup-files.js';
import { migrateDatabase } from './migrations.js';
import * as schema from './schema.js';

/** Transactions that take SQLite's write lock up front, so check-then-write is atomic across connections too. */
export const IMMEDIATE = { behavior: 'immediate' } as const;

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The transaction handle drizzle passes to `db.transaction(tx => …)`; services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Runs `work` in one immediate transaction (BEGIN IMMEDIATE: the write lock first, so two writers
 * never both read and then fail to upgrade). On the database itself this is better-sqlite3's own
 * transaction, handing `work` the database (its prepared statements run on the same connection):
 * drizzle's db.transaction() builds a whole query-builder object per call, ~3% of a registration
 * (#36). Inside a caller's transaction it nests as drizzle does, as a savepoint.
 */
export function immediately<T>(db: DbOrTx, work: (db: DbOrTx) => T): T {
  if ('$client' in db) return db.$client.transaction(() => work(db)).immediate();
  return db.transaction((tx) => work(tx), IMMEDIATE);
}

export interface OpenOptions {
  /** Where a copy is written before migrations change a database that has data: BACKUP_DIR; default `backups/` beside the file. */
  backupDir?: string;
  /** The migrations to apply (default: the shipped drizzle/ folder). */
  migrationsFolder?: string;
  /**
   * Now, named in a copy taken before an upgrade: the service and the CLI pass their clock's
   * (src/time/clock.ts, which this layer does not import); otherwise the system's.
   */
  now?: number;
}

/**
 * Opens the SQLite file with WAL, a busy timeout and foreign keys, and brings it to this code's
 * schema (src/db/migrations.ts: refused when newer, copied before, rolled back on failure).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // Erased personal data (#23) is overwritten in the file, not left in free pages.
  sqlite.pragma('secure_delete = ON');
  const db = drizzle(sqlite, { schema });
  try {
    migrateDatabase(db, { file, backupDir: options.backupDir ?? path.join(path.dirname(file), 'backups'), migrationsFolder: options.migrationsFolder, now: options.now ?? Date.now() });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return db;
}


/**
 * Online backup through SQLite's backup API: safe while the service keeps writing. The copy gets
 * a lifetime of its own (see schema/database-identity.ts): once restored, it reuses row ids the
 * original went on to use, and its jobs must not be taken for the original's.
 */
export async function backupDatabase(source: string, target: string): Promise<void> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sqlite = new Database(source, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  try {
    await sqlite.backup(target);
  } finally {
    sqlite.close();
  }
  const copy = new Database(target);
  try {
    copy.prepare(RENEW_LIFETIME).run();
    // One self-contained file (no -wal/-shm beside it), whatever the live database's journal mode.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Puts a backup in the database's place (the service must be stopped): the file is copied over
 * `target`, the old write-ahead log removed, migrations applied, and a new lifetime started, so
 * restoring the same backup twice still gives jobs ids never used before.
 */
export function restoreDatabase(backup: string, target: string, options: OpenOptions = {}): void {
  const check = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${backup} is not a sound SQLite database (integrity_check: ${String(result)}).`);
  } finally {
    check.close();
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.copyFileSync(backup, target);
  const db = openDatabase(target, options);
  try {
    db.$client.prepare(RENEW_LIFETIME).run();
  } finally {
    db.$client.close();
  }
}

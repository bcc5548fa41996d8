import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PROJECT_ROOT } from '../util/project-root.js';
import { backupFileName, RENEW_LIFETIME } from './backup-files.js';

/** The migrations this code ships: drizzle/*.sql, in the order of drizzle/meta/_journal.json. */
export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'drizzle');

/** Why the database cannot be used by this code: said in one sentence, printed without a stack. */
export class DatabaseUpgradeError extends Error {
  override name = 'DatabaseUpgradeError';
}

interface Applied {
  /** drizzle's journal time of the last migration the file has (`__drizzle_migrations.created_at`). */
  lastAt: number;
  count: number;
}

function applied(sqlite: Database.Database): Applied | undefined {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return undefined;
  const row = sqlite.prepare('select max(created_at) as lastAt, count(*) as count from __drizzle_migrations').get() as { lastAt: number | null; count: number };
  return row.count === 0 ? undefined : { lastAt: Number(row.lastAt), count: row.count };
}

/**
 * A consistent copy of the open database in one self-contained file, synchronously (VACUUM INTO
 * reads one snapshot; the service has not started serving yet). The copy gets a lifetime of its
 * own, as every backup does (see schema/database-identity.ts).
 */
function copyBeforeUpgrade(sqlite: Database.Database, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  sqlite.prepare('vacuum into ?').run(target);
  const hasIdentity = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'database_identity'").get();
  if (!hasIdentity) return;
  const copy = new Database(target);
  try {
    copy.prepare(RENEW_LIFETIME).run();
  } finally {
    copy.close();
  }
}

export interface MigrateOptions {
  /** Where the copy taken before an upgrade goes: BACKUP_DIR, or `backups/` beside the database. */
  backupDir: string;
  /** The shipped migrations; tests point it at a folder with one more that fails. */
  migrationsFolder?: string;
  /** The database file, for what the errors say. */
  file: string;
  /** Now, for the copy's name: the service's clock (src/time/clock.ts), passed in from above. */
  now: number;
}

/**
 * Brings the database to this code's schema without risking it:
 * - a database migrated by a newer release is refused (its schema is unknown to this code);
 * - before applying anything to a database that has data, a copy is written to the backup folder;
 * - all pending migrations run in one transaction (drizzle's migrator), so one that fails halfway
 *   rolls back and leaves the file as it was; the error says so and how to go back.
 * Returns the copy's path when one was taken.
 */
export function migrateDatabase<S extends Record<string, unknown>>(db: BetterSQLite3Database<S> & { $client: Database.Database }, options: MigrateOptions): string | undefined {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  const shipped = readMigrationFiles({ migrationsFolder });
  const tags = (JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag);
  const newest = shipped.at(-1)!;
  const before = applied(db.$client);
  if (before && before.lastAt > newest.folderMillis) {
    throw new DatabaseUpgradeError(
      `The database ${options.file} was upgraded by a newer chuanglian than this one (it has ${before.count} migrations, this code knows ${shipped.length}, up to ${tags.at(-1)}), so this code will not touch it: run the newer release again, or restore the copy taken before that upgrade (chuanglian-before-*.db in ${options.backupDir}) with "npm run cli -- restore FILE".`,
    );
  }
  const pending = shipped.map((m, i) => ({ ...m, tag: tags[i]! })).filter((m) => !before || m.folderMillis > before.lastAt);
  if (pending.length === 0) return undefined;

  let copy: string | undefined;
  if (before) {
    copy = path.join(options.backupDir, backupFileName(options.now, pending[0]!.tag));
    copyBeforeUpgrade(db.$client, copy);
  }
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new DatabaseUpgradeError(
      `Upgrading the database ${options.file} failed in one of the migrations ${pending[0]!.tag}…${pending.at(-1)!.tag} (${cause}); they ran in one transaction, which was rolled back, so the file is as it was and the previous release runs on it unchanged${copy ? ` (a copy taken just before is ${copy})` : ''}.`,
      { cause: error },
    );
  }
  return copy;
}

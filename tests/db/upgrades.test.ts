import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { DatabaseUpgradeError, MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { nowMs, testClock } from '../../src/time/clock.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fillEmptyTables, rowsOf, userTables, type Row } from '../helpers/table-rows.js';

/**
 * Upgrades that cannot lose data (#34): every shipped migration applied to a database full of
 * rows, a copy taken before, a newer database refused, a migration that fails rolled back.
 */

interface Journal {
  entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[];
}
const shippedJournal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
const shippedTags = shippedJournal.entries.map((e) => e.tag);

/** Tables a migration drops on purpose, and why: their rows are not expected after it. */
const DROPPED_BY_DESIGN: Record<string, string> = {
  // 0024: sign-in codes became texted codes (a code lives minutes; nobody loses one in an upgrade).
  sign_in_codes: '0024_texted_codes',
};

let work: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  work = makeTempDir('upgrades');
  testClock.freeze(Date.UTC(2026, 11, 7, 4, 0));
});
afterAll(() => {
  work.cleanup();
  testClock.reset();
});

/** A migrations folder holding the shipped .sql files and a journal of the first `count` of them (plus `extra`). */
function migrationsUpTo(name: string, count: number, extra: { tag: string; sql: string }[] = []): string {
  const folder = path.join(work.dir, name);
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const entries = shippedJournal.entries.slice(0, count);
  for (const entry of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  for (const [i, more] of extra.entries()) {
    fs.writeFileSync(path.join(folder, `${more.tag}.sql`), more.sql);
    entries.push({ idx: entries.length, when: shippedJournal.entries.at(-1)!.when + 1000 * (i + 1), tag: more.tag, version: '6', breakpoints: true });
  }
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...shippedJournal, entries }));
  return folder;
}

/** Every table's rows, read with a plain connection (not through the code under test). */
function contents(file: string): Record<string, Row[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(userTables(sqlite).map((table) => [table, rowsOf(sqlite, table)]));
  } finally {
    sqlite.close();
  }
}

/** Every row of `before` is in `after` with the same values in the columns it still has. */
function expectKept(before: Record<string, Row[]>, after: Record<string, Row[]>) {
  for (const [table, rows] of Object.entries(before)) {
    if (DROPPED_BY_DESIGN[table] && !(table in after)) continue;
    expect(after[table], `table ${table}`).toBeDefined();
    expect(after[table]!.length, `rows of ${table}`).toBeGreaterThanOrEqual(rows.length);
    for (const [i, row] of rows.entries()) {
      const now = after[table]![i]!;
      const same = Object.fromEntries(Object.keys(row).filter((column) => column in now).map((column) => [column, now[column]]));
      expect(same, `${table} row ${i}`).toEqual(row);
    }
  }
}

const open = (file: string, migrationsFolder: string, backupDir = path.join(work.dir, 'backups')) => openDatabase(file, { migrationsFolder, backupDir, now: nowMs() });

describe('upgrading the database', () => {
  it('migrates a database built by the oldest migration, rows in every table, to the newest with nothing lost, after a copy', () => {
    const file = path.join(work.dir, 'oldest.db');
    const backups = path.join(work.dir, 'oldest-backups');
    const oldest = open(file, migrationsUpTo('first-only', 1), backups);
    fillEmptyTables(oldest.$client);
    oldest.$client.close();
    const before = contents(file);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(9);
    for (const [table, rows] of Object.entries(before)) expect(rows.length, table).toBeGreaterThan(0);

    const newest = openDatabase(file, { backupDir: backups, now: nowMs() });
    newest.$client.close();
    expectKept(before, contents(file));

    // The copy taken before is the old file, whole: the first migration it lacked names it.
    const copies = fs.readdirSync(backups);
    expect(copies).toEqual([`chuanglian-before-${shippedTags[1]}-20261207-120000.db`]);
    expect(contents(path.join(backups, copies[0]!))).toEqual(before);
  });

  it('keeps every row through every migration, one at a time, with new tables filled as they appear', () => {
    const file = path.join(work.dir, 'stepwise.db');
    let seen: Record<string, Row[]> = {};
    for (let count = 1; count <= shippedTags.length; count++) {
      const db = open(file, migrationsUpTo(`upto-${count}`, count));
      fillEmptyTables(db.$client);
      db.$client.close();
      const now = contents(file);
      expectKept(seen, now);
      seen = now;
    }
    // The newest schema has data in every one of its tables.
    for (const [table, rows] of Object.entries(seen)) expect(rows.length, table).toBeGreaterThan(0);
    expect(Object.keys(seen)).not.toContain('sign_in_codes');
  });

  it('refuses a database upgraded by a newer release, in one sentence, and leaves it alone', () => {
    const file = path.join(work.dir, 'newer.db');
    open(file, migrationsUpTo('newer', shippedTags.length, [{ tag: '9999_from_the_future', sql: 'CREATE TABLE `future` (`id` integer PRIMARY KEY);' }])).$client.close();
    const before = contents(file);
    let error: unknown;
    try {
      openDatabase(file, { backupDir: path.join(work.dir, 'newer-backups') });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DatabaseUpgradeError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^The database ${file.replaceAll('.', '\\.')} was upgraded by a newer chuanglian than this one \\(it has ${shippedTags.length + 1} migrations, this code knows ${shippedTags.length}, up to ${shippedTags.at(-1)}\\)`));
    expect(message.split(/[.:;!?]\s+[A-Z]/)).toHaveLength(1);
    expect(contents(file)).toEqual(before);
    expect(fs.existsSync(path.join(work.dir, 'newer-backups'))).toBe(false);
  });

  it('rolls back a migration that throws halfway: the old file is untouched and still opens with the previous release', () => {
    const file = path.join(work.dir, 'failing.db');
    const backups = path.join(work.dir, 'failing-backups');
    const current = open(file, MIGRATIONS_FOLDER, backups);
    fillEmptyTables(current.$client);
    current.$client.close();
    const before = contents(file);
    const bytesBefore = fs.readFileSync(file);

    const broken = migrationsUpTo('broken', shippedTags.length, [
      {
        tag: '9998_half_done',
        sql: [
          'CREATE TABLE `half_done` (`id` integer PRIMARY KEY);',
          "UPDATE `members` SET `name` = 'overwritten';",
          'ALTER TABLE `events` ADD `half_column` text;',
          'INSERT INTO `no_such_table` VALUES (1);',
        ].join('\n--> statement-breakpoint\n'),
      },
    ]);
    let error: unknown;
    try {
      open(file, broken, backups);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DatabaseUpgradeError);
    const copy = path.join(backups, 'chuanglian-before-9998_half_done-20261207-120000.db');
    expect((error as Error).message).toBe(
      `Upgrading the database ${file} failed in one of the migrations 9998_half_done…9998_half_done (no such table: no_such_table); they ran in one transaction, which was rolled back, so the file is as it was and the previous release runs on it unchanged (a copy taken just before is ${copy}).`,
    );
    expect(contents(file)).toEqual(before);
    // The copy is the old file, with a lifetime of its own (as every backup has).
    const { database_identity: copyIdentity, ...copied } = contents(copy);
    const { database_identity: identity, ...rest } = before;
    expect(copied).toEqual(rest);
    expect(copyIdentity![0]!.lifetime).not.toBe(identity![0]!.lifetime);
    // The previous release (the shipped migrations) opens it as if nothing had happened.
    const again = open(file, MIGRATIONS_FOLDER, backups);
    expect(again.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(userTables(again.$client)).not.toContain('half_done');
    again.$client.close();
    expect(contents(file)).toEqual(before);
    expect(fs.readFileSync(file).length).toBe(bytesBefore.length);
  });

  it('takes no copy of a new, empty database', () => {
    const backups = path.join(work.dir, 'fresh-backups');
    open(path.join(work.dir, 'fresh.db'), MIGRATIONS_FOLDER, backups).$client.close();
    expect(fs.existsSync(backups)).toBe(false);
  });
});

import type Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../src/db/schema.js';

/**
 * Rows for whatever tables a database has at some migration, made from SQLite's own description of
 * them (table_info, foreign_key_list), so a test can fill every table of an old schema and check
 * after an upgrade that nothing was lost. What SQLite cannot tell (which text is JSON, which is an
 * enum) comes from today's drizzle schema where the column still exists.
 */

type Value = string | number | null;
export type Row = Record<string, Value>;

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface ForeignKey {
  table: string;
  from: string;
  to: string;
}

/** Today's knowledge of each column: `table.column` → JSON or an enum's first value. */
const known = new Map<string, { json?: boolean; enumValue?: string }>();
for (const value of Object.values(schema)) {
  if (!is(value, SQLiteTable)) continue;
  const config = getTableConfig(value);
  for (const column of config.columns) {
    const enumValues = (column as { enumValues?: string[] }).enumValues;
    known.set(`${config.name}.${column.name}`, { json: column.dataType === 'json', enumValue: enumValues?.[0] });
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function userTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name").all() as { name: string }[]).map((r) => r.name);
}

export function rowsOf(sqlite: Database.Database, table: string): Row[] {
  return sqlite.prepare(`select * from ${quote(table)} order by rowid`).all() as Row[];
}

/** Tables in an order where every table comes after those it refers to. */
function parentsFirst(sqlite: Database.Database, tables: string[]): string[] {
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table) || path.includes(table)) return;
    for (const fk of sqlite.pragma(`foreign_key_list(${quote(table)})`) as ForeignKey[]) if (fk.table !== table) visit(fk.table, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** A value for one column of row `n`: distinct per row (unique indexes), plausible for its kind. */
function valueFor(table: string, column: ColumnInfo, n: number): Value {
  const hint = known.get(`${table}.${column.name}`);
  if (hint?.enumValue !== undefined) return hint.enumValue;
  if (hint?.json) return column.dflt_value?.replace(/^'(.*)'$/, '$1') ?? '{}';
  const type = column.type.toLowerCase();
  if (type.includes('int')) {
    if (/(_at|_until|_since)$/.test(column.name)) return Date.UTC(2026, 0, 1 + n, 2, 0) + 1000 * (column.name.length % 7);
    if (column.dflt_value === 'true' || column.dflt_value === 'false') return 1;
    return n + 2;
  }
  if (type === 'real') return n + 0.5;
  if (column.name === 'timezone') return 'Asia/Shanghai';
  if (column.name === 'language') return 'zh-CN';
  if (column.name.includes('email') || column.name === 'to_address') return `${table}.${column.name}.${n}@example.org`;
  return `${table}.${column.name} #${n} 五角场`;
}

/**
 * Inserts `count` rows into every table that has none, parents first, every column set (nullable
 * ones too, so their values are checked as well); foreign keys point at rows already there.
 */
export function fillEmptyTables(sqlite: Database.Database, count = 2): void {
  for (const table of parentsFirst(sqlite, userTables(sqlite))) {
    if (sqlite.prepare(`select 1 from ${quote(table)} limit 1`).get()) continue;
    const columns = sqlite.pragma(`table_info(${quote(table)})`) as ColumnInfo[];
    const keys = sqlite.pragma(`foreign_key_list(${quote(table)})`) as ForeignKey[];
    const autoId = columns.filter((c) => c.pk > 0).length === 1 && columns.find((c) => c.pk > 0)!.type.toLowerCase() === 'integer';
    for (let n = 0; n < count; n++) {
      const row: Row = {};
      for (const column of columns) {
        if (autoId && column.pk > 0) continue;
        const fk = keys.find((k) => k.from === column.name);
        if (fk) {
          const parents = sqlite.prepare(`select ${quote(fk.to ?? 'id')} as id from ${quote(fk.table)} order by rowid`).all() as { id: Value }[];
          row[column.name] = parents.length ? parents[n % parents.length]!.id : null;
        } else {
          row[column.name] = valueFor(table, column, n);
        }
      }
      const names = Object.keys(row);
      sqlite.prepare(`insert into ${quote(table)} (${names.map(quote).join(', ')}) values (${names.map(() => '?').join(', ')})`).run(...names.map((name) => row[name]!));
    }
  }
}

import type { Db, DbOrTx } from './database.js';

/**
 * Queries prepared once per database and reused: drizzle builds a query's SQL and better-sqlite3
 * prepares it on every call otherwise (≈ 50–150 µs each), which dominates a hot path of small
 * queries. Values go in through `sql.placeholder()`. Mind the one difference: an insert's
 * placeholders are mapped like its columns (an instant is a Date), a condition's are not (compare
 * an instant column with epoch milliseconds). Statements run on the one connection, so they may be
 * used inside a `db.transaction()` as well.
 */
export function preparedOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let queries = cache.get(db);
    if (!queries) cache.set(db, (queries = build(db)));
    return queries;
  };
}

/** The database itself (not a transaction handle): statements prepared on it serve its transactions too. */
export const isDatabase = (db: DbOrTx): db is Db => '$client' in db;

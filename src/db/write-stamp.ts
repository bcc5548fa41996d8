import type { Db } from './database.js';
import { preparedOnce } from './prepared.js';

const statements = preparedOnce((db: Db) => ({
  changes: db.$client.prepare('select total_changes()').pluck(),
  dataVersion: db.$client.prepare('pragma data_version').pluck(),
}));

/** This connection's writes so far (SQLite's total_changes()): moved by every write of this process. */
export function ownWrites(db: Db): number {
  return statements(db).changes.get() as number;
}

/**
 * Names the database's state as of the last write: this connection's writes (total_changes) and
 * other connections' (data_version, which moves when another process commits). Equal stamps mean
 * nothing was written in between, so anything read before may be used again.
 */
export function writeStamp(db: Db): string {
  return `${ownWrites(db)}:${statements(db).dataVersion.get() as number}`;
}

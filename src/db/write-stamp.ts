import type { Db } from './database.js';
import { preparedOnce } from './prepared.js';

/**
 * Names the database's state as of the last write: this connection's writes (total_changes) and
 * other connections' (data_version, which moves when another process commits). Equal stamps mean
 * nothing was written in between, so anything read before may be used again.
 */
const statements = preparedOnce((db: Db) => ({
  changes: db.$client.prepare('select total_changes()').pluck(),
  dataVersion: db.$client.prepare('pragma data_version').pluck(),
}));

export function writeStamp(db: Db): string {
  const { changes, dataVersion } = statements(db);
  return `${changes.get() as number}:${dataVersion.get() as number}`;
}

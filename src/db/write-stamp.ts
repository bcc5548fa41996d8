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
 * Other connections' commits as last seen this turn of the event loop. `pragma data_version`
 * takes the file's read lock (~3 µs, twice a listing request); read once per turn, another
 * process's commit is seen from the next turn on, as if the requests of this turn had come a
 * moment earlier.
 */
const seenThisTurn = new Map<Db, number>();
const forgetTurn = () => seenThisTurn.clear();
function othersWrites(db: Db): number {
  let version = seenThisTurn.get(db);
  if (version === undefined) {
    version = statements(db).dataVersion.get() as number;
    if (seenThisTurn.size === 0) setImmediate(forgetTurn);
    seenThisTurn.set(db, version);
  }
  return version;
}

/**
 * Names the database's state as of the last write: this connection's writes (total_changes) and
 * other connections' (data_version, which moves when another process commits). Equal stamps mean
 * nothing was written in between, so anything read before may be used again.
 */
export function writeStamp(db: Db): string {
  return `${ownWrites(db)}:${othersWrites(db)}`;
}

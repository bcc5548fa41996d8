import type { Db } from '../db/database.js';
import { nowMs } from '../time/clock.js';

export const HOUR_MS = 3_600_000;

/** Takes between sweeps of every key's lapsed rows. */
const SWEEP_EVERY = 500;
/** How long counted takes wait to be written to the file, together. */
const WRITE_AFTER_MS = 200;

/**
 * "At most N an hour" as people read it: at most N takes under one key in any 60 minutes (a
 * sliding hour), not a burst of N and then one every 60/N minutes. Counted in memory, where a
 * take costs nothing to check (#36: counting a key's rows in SQLite on every request grew with
 * the key's takes), and written to the API process's own SQLite file (`limit_hits`), from which a
 * key is read back the first time it is used after a restart, so the count survives one and holds
 * without Redis. Every public form is answered by that one process. The takes are written a moment
 * later, together (each its own commit cost a request as much as registering did); a crash loses
 * at most that moment's.
 */
export class HourWindow {
  private takes = 0;
  private readonly statements;
  /** Each key's takes within the last hour, oldest first. */
  private readonly times = new Map<string, number[]>();
  /** Takes not written to the file yet. */
  private unwritten: Array<[string, number]> = [];
  private writeTimer: NodeJS.Timeout | undefined;
  private readonly writeAll;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.statements = {
      counted: sqlite.prepare<[string, number], number>('select at from limit_hits where key = ? and at > ? order by at').pluck(),
      add: sqlite.prepare('insert into limit_hits (key, at) values (?, ?)'),
      sweep: sqlite.prepare('delete from limit_hits where at <= ?'),
    };
    this.writeAll = sqlite.transaction((takes: Array<[string, number]>) => {
      for (const [key, at] of takes) this.statements.add.run(key, at);
    });
  }

  /** Writes the takes counted since the last write (also at shutdown, before the database closes). */
  flush(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.unwritten.length === 0) return;
    const takes = this.unwritten;
    this.unwritten = [];
    this.writeAll(takes);
  }

  /** 0 when this take is allowed (and counted); otherwise how many ms until the oldest counted one leaves the hour. */
  take(key: string, perHour: number): number {
    const now = nowMs();
    const hourAgo = now - HOUR_MS;
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(hourAgo);
    let times = this.times.get(key);
    if (!times) this.times.set(key, (times = this.statements.counted.all(key, hourAgo)));
    let lapsed = 0;
    while (lapsed < times.length && times[lapsed]! <= hourAgo) lapsed++;
    if (lapsed > 0) times.splice(0, lapsed);
    if (times.length >= perHour) return Math.max(1, times[0]! + HOUR_MS - now);
    times.push(now);
    this.unwritten.push([key, now]);
    this.writeTimer ??= setTimeout(() => this.flush(), WRITE_AFTER_MS).unref();
    return 0;
  }

  /** Forgets what left the hour: the file's rows, and keys with no take in it. */
  private sweep(hourAgo: number): void {
    this.flush();
    this.statements.sweep.run(hourAgo);
    for (const [key, times] of this.times) if ((times.at(-1) ?? 0) <= hourAgo) this.times.delete(key);
  }
}

import type { Db } from '../db/database.js';
import { nowMs } from '../time/clock.js';

export const HOUR_MS = 3_600_000;

/** Takes between sweeps of every key's lapsed rows (each take clears its own key's). */
const SWEEP_EVERY = 500;

/**
 * "At most N an hour" as people read it: at most N takes under one key in any 60 minutes (a
 * sliding hour), not a burst of N and then one every 60/N minutes. Counted in the API process's
 * own SQLite file (`limit_hits`), so the count survives a restart and holds without Redis; every
 * public form is answered by that one process.
 */
export class HourWindow {
  private takes = 0;
  private readonly statements;
  private readonly takeOnce;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.statements = {
      lapse: sqlite.prepare('delete from limit_hits where key = ? and at <= ?'),
      counted: sqlite.prepare<[string], { n: number; oldest: number | null }>('select count(*) as n, min(at) as oldest from limit_hits where key = ?'),
      add: sqlite.prepare('insert into limit_hits (key, at) values (?, ?)'),
      sweep: sqlite.prepare('delete from limit_hits where at <= ?'),
    };
    // Immediate: the count and the insert are one step, whoever else is writing.
    this.takeOnce = sqlite.transaction((key: string, perHour: number, now: number): number => {
      this.statements.lapse.run(key, now - HOUR_MS);
      const { n, oldest } = this.statements.counted.get(key)!;
      if (n >= perHour) return Math.max(1, (oldest ?? now) + HOUR_MS - now);
      this.statements.add.run(key, now);
      return 0;
    });
  }

  /** 0 when this take is allowed (and counted); otherwise how many ms until the oldest counted one leaves the hour. */
  take(key: string, perHour: number): number {
    const now = nowMs();
    if (++this.takes % SWEEP_EVERY === 0) this.statements.sweep.run(now - HOUR_MS);
    return this.takeOnce.immediate(key, perHour, now);
  }
}

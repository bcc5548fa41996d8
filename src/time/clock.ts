/**
 * The one clock the services read. In production it is the system clock; tests move it
 * (`testClock`) to make reminders, expiry, digests, holds and links fall due without sleeping.
 * Delayed work that runs in this process (the inline job driver) listens for moves, so a
 * move forward runs whatever became due.
 */

let offsetMs = 0;
/** Set while a test holds the clock still. */
let frozenAt: number | undefined;
const listeners = new Set<() => void>();

/** Now, in UTC milliseconds. */
export function nowMs(): number {
  return frozenAt ?? Date.now() + offsetMs;
}

/** Now, as a Date. */
export function nowDate(): Date {
  return new Date(nowMs());
}

/** Calls back after every move of the clock; returns a function that stops listening. */
export function onClockMove(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function moved(): void {
  for (const listener of listeners) listener();
}

/** For tests only: moves this process's clock. Within an app's life, only forward. */
export const testClock = {
  /** Moves the clock forward by `ms` (back if negative). */
  advance(ms: number): void {
    if (frozenAt !== undefined) frozenAt += ms;
    else offsetMs += ms;
    moved();
  },
  /** Sets the clock to an instant; it goes on running from there unless frozen. */
  set(at: Date | number): void {
    const ms = new Date(at).getTime();
    if (frozenAt !== undefined) frozenAt = ms;
    else offsetMs = ms - Date.now();
    moved();
  },
  /** Holds the clock still (at `at`, or now) until it is advanced or reset. */
  freeze(at: Date | number = nowMs()): void {
    frozenAt = new Date(at).getTime();
    moved();
  },
  /** Lets a frozen clock run on from where it stands (it never jumps back). */
  unfreeze(): void {
    if (frozenAt === undefined) return;
    offsetMs = frozenAt - Date.now();
    frozenAt = undefined;
    moved();
  },
  /**
   * Back to the system clock. Time then jumps back, which state kept in an app (rate limits,
   * outbox marks) does not expect: call it when the test file's apps are closed (afterAll).
   */
  reset(): void {
    offsetMs = 0;
    frozenAt = undefined;
    moved();
  },
};

/**
 * Work that can wait gives way to requests: handing outbox rows to the queue and running inline
 * jobs start once no request has begun for `quietMs`, so a burst of 2,000 registrations is answered
 * first and mailed after (#36), and at the latest `maxWaitMs` after they were asked for, so a
 * steady stream of requests never starves them. Timed with the process's own monotonic clock:
 * this is when to run, not what time it is (which comes from src/time/clock.ts).
 */
export class RequestPressure {
  private lastBeganAt = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<() => void> = [];
  private askedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly quietMs = 5,
    private readonly maxWaitMs = 2000,
  ) {}

  /** A request began (the app's onRequest hook). */
  began(): void {
    this.lastBeganAt = performance.now();
  }

  /** Runs `work` once requests leave room for it (see above). */
  whenQuiet(work: () => void): void {
    const now = performance.now();
    if (this.waiting.length === 0) this.askedAt = now;
    this.waiting.push(work);
    if (this.timer || this.immediate) return;
    // Already quiet: right after this turn of the event loop's I/O; else once it may be.
    const wait = this.quietMs - (now - this.lastBeganAt);
    if (wait <= 0) this.immediate = setImmediate(() => this.check());
    else this.timer = setTimeout(() => this.check(), wait);
  }

  private check(): void {
    this.timer = this.immediate = undefined;
    const now = performance.now();
    const sinceRequest = now - this.lastBeganAt;
    if (sinceRequest < this.quietMs && now - this.askedAt < this.maxWaitMs) {
      this.timer = setTimeout(() => this.check(), Math.max(1, this.quietMs - sinceRequest));
      return;
    }
    for (const work of this.waiting.splice(0)) work();
  }
}

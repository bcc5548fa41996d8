import { withTimeout } from '../../util/with-timeout.js';
import type { QueueName } from '../catalogue.js';
import type { BulkJob, JobLog, QueueDriver } from '../queue-driver.js';
import { nowDate } from '../../time/clock.js';

const STOP_TIMEOUT_MS = 10_000;

/**
 * A table whose rows are written in the same transaction as the change that causes them and
 * must each become one job. `claim` returns rows never handed to the queue, and rows handed
 * over so long ago that Redis may have lost them (re-adding an existing job id is a no-op).
 */
export interface OutboxSource<Q extends QueueName = QueueName> {
  name: string;
  queue: Q;
  claim(staleBefore: Date, limit: number): { rowIds: number[]; jobs: BulkJob<Q>[] };
  markEnqueued(rowIds: number[], at: Date): void;
  /** Whether any of these rows was handed over before `before` (and so has waited that long for its outcome). */
  anyQueuedBefore(rowIds: number[], before: Date): boolean;
}

/** An outbox source of any queue. */
export type AnyOutboxSource = { [Q in QueueName]: OutboxSource<Q> }[QueueName];

export interface OutboxRelayOptions {
  sweepMs: number;
  /** Rows enqueued longer ago than this and still unfinished are handed over again. */
  staleMs?: number;
  batchSize?: number;
  log: JobLog;
  /** Where a kick waits for its turn (RequestPressure.whenQuiet: after the requests); at once without. */
  whenQuiet?: (work: () => void) => void;
}

/**
 * Moves committed outbox rows to the queue: right after a change (`kick`), on a timer, and at
 * start-up. Because the database is the source of truth, a Redis outage or a crash between
 * commit and enqueue only delays work; it never loses it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private waitingForTurn = false;
  private requeue = false;
  private stopped = false;

  constructor(
    private readonly driver: QueueDriver,
    private readonly sources: AnyOutboxSource[],
    private readonly options: OutboxRelayOptions,
  ) {}

  /** Starts sweeping. The first run hands over every unfinished row: jobs held in memory or a lost Redis are gone. */
  start(): void {
    this.kick(true);
    this.timer = setInterval(() => this.kick(), this.options.sweepMs);
    this.timer.unref();
  }

  /**
   * Ask for a relay run soon; runs requested while one is going are coalesced into one more.
   * `requeueEnqueued` hands over again rows already enqueued but unfinished: for when the queue
   * store may have lost them, e.g. Redis came back after an outage, possibly empty.
   */
  kick(requeueEnqueued = false): void {
    if (this.stopped) return;
    if (requeueEnqueued) this.requeue = true;
    if (this.current) {
      this.again = true;
      return;
    }
    if (this.waitingForTurn) return;
    this.waitingForTurn = true;
    const begin = () => {
      this.waitingForTurn = false;
      if (this.stopped || this.current) return;
      this.current = this.relayAll()
        .then(() => undefined)
        .finally(() => {
          this.current = undefined;
          // Kicked while it ran: once more, waiting for its turn again.
          if (this.again) {
            this.again = false;
            this.kick();
          }
        });
    };
    if (this.options.whenQuiet) this.options.whenQuiet(begin);
    else begin();
  }

  /** Relays everything pending now; resolves with how many rows it handed over. Used by tests and the CLI. */
  async flush(): Promise<number> {
    while (this.current) await this.current;
    return this.relayAll();
  }

  /** Stops sweeping and waits (a bounded time) for a relay run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.current) await withTimeout(this.current, STOP_TIMEOUT_MS);
  }

  private async relayAll(): Promise<number> {
    const requeue = this.requeue;
    this.requeue = false;
    let handed = 0;
    for (const source of this.sources) {
      try {
        handed += await this.relay(source as OutboxSource, requeue);
      } catch (error) {
        this.options.log.warn({ source: source.name, err: error }, 'outbox relay could not enqueue; will try again on the next sweep');
      }
    }
    return handed;
  }

  private async relay<Q extends QueueName>(source: OutboxSource<Q>, requeue: boolean): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const staleMs = this.options.staleMs ?? 10 * 60_000;
    // Rows are marked with the run's start, so a row handed over in this run is never claimed again by it.
    const runAt = nowDate();
    const staleBefore = requeue ? runAt : new Date(runAt.getTime() - staleMs);
    // Rows handed over longer than staleMs ago and still waiting: their job may have finished
    // without its outcome reaching the database (or be another database's); it is revived.
    const longAgo = new Date(runAt.getTime() - staleMs);
    let handed = 0;
    for (;;) {
      const { rowIds, jobs } = source.claim(staleBefore, batchSize);
      if (rowIds.length === 0) return handed;
      await this.driver.addBulk(source.queue, jobs, { reviveFinished: source.anyQueuedBefore(rowIds, longAgo) });
      source.markEnqueued(rowIds, runAt);
      handed += rowIds.length;
      if (rowIds.length < batchSize || this.stopped) return handed;
    }
  }
}

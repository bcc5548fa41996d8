import { nowMs, onClockMove } from '../time/clock.js';
import { QUEUE_NAMES, type JobData, type JobName, type QueueName } from './catalogue.js';
import { NO_JOB_METRICS, type JobMetrics, type JobOutcome, type QueueCounts } from './job-metrics.js';
import { MemoryMemo } from './shared-memo.js';
import { MemoryRateLimiter } from './rate-limiters.js';
import {
  DeferJobError,
  PermanentJobError,
  backoffDelay,
  retryAfterOf,
  type BulkJob,
  type Handlers,
  type JobLog,
  type JobOptions,
  type Processor,
  type QueueDriver,
  type RetryPolicy,
} from './queue-driver.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

interface PendingJob {
  key: string;
  queue: QueueName;
  name: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  jobId: string;
  progress?: object;
}

/**
 * Runs jobs inside the API process when no Redis is configured. Nothing here is durable:
 * the database rows are, and the outbox relay hands unfinished rows over again after a restart.
 */
export class InlineDriver implements QueueDriver {
  readonly kind = 'inline';
  readonly rateLimiter = new MemoryRateLimiter();
  readonly memo = new MemoryMemo();
  metrics: JobMetrics = NO_JOB_METRICS;
  private readonly handlers = new Map<string, Processor<unknown>>();
  /** Jobs added and not yet finished, by queue and job id: adding one again is a no-op. */
  private readonly known = new Set<string>();
  /** Delayed jobs, with the instant (on the app's clock) each falls due. */
  private readonly delayed = new Map<PendingJob, { dueAt: number; timer: NodeJS.Timeout }>();
  private readonly stopListening: () => void;
  private readonly ready: PendingJob[] = [];
  private readonly running = new Set<Promise<void>>();
  /** The queue of each running job, for counts(). */
  private readonly active: QueueName[] = [];
  /** Closing: running jobs finish and may still add immediate jobs (their outcome reports). */
  private closing = false;
  private closed = false;
  /** Where starting ready jobs waits for its turn (RequestPressure.whenQuiet); at once without. */
  private whenQuiet: ((work: () => void) => void) | undefined;
  private waitingForTurn: Promise<void> | undefined;

  constructor(
    private readonly retry: RetryPolicy,
    private readonly log: JobLog,
    private readonly concurrency = 8,
  ) {
    // A test moving the clock makes delayed jobs due: wait again for what is left of each.
    this.stopListening = onClockMove(() => {
      const waiting = [...this.delayed];
      this.delayed.clear();
      for (const [job, { dueAt, timer }] of waiting) {
        clearTimeout(timer);
        this.schedule(job, dueAt - nowMs());
      }
    });
  }

  async add<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, opts: JobOptions): Promise<void> {
    if (this.closed) throw new Error('The inline job runner is closed.');
    const key = `${queue}/${opts.jobId}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const job: PendingJob = {
      key,
      queue,
      name,
      data,
      attempt: 1,
      maxAttempts: opts.attempts ?? this.retry.attempts,
      backoffMs: opts.backoffMs ?? this.retry.backoffMs,
      jobId: opts.jobId,
    };
    this.schedule(job, opts.delayMs ?? 0);
  }

  /** Inline jobs leave nothing behind once finished, so there is nothing to revive. */
  async addBulk<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[]): Promise<void> {
    for (const job of jobs) await this.add(queue, job.name, job.data, job.opts);
  }

  process<Q extends QueueName>(queue: Q, handlers: Handlers<Q>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      this.handlers.set(`${queue}/${name}`, handler as Processor<unknown>);
    }
  }

  async remove(queue: QueueName, jobIds: string[]): Promise<void> {
    const keys = new Set(jobIds.map((id) => `${queue}/${id}`));
    for (const [job, { timer }] of this.delayed) {
      if (!keys.has(job.key)) continue;
      clearTimeout(timer);
      this.delayed.delete(job);
      this.known.delete(job.key);
    }
    for (let i = this.ready.length - 1; i >= 0; i--) {
      if (keys.has(this.ready[i]!.key)) this.known.delete(this.ready.splice(i, 1)[0]!.key);
    }
  }

  /** Nothing to reconnect to: inline jobs live and die with this process. */
  onReconnect(): void {}

  async ping(): Promise<void> {}

  async counts(): Promise<QueueCounts> {
    const counts = Object.fromEntries(QUEUE_NAMES.map((queue) => [queue, { waiting: 0, active: 0, delayed: 0, failed: 0 }])) as QueueCounts;
    for (const job of this.ready) counts[job.queue].waiting++;
    for (const job of this.delayed.keys()) counts[job.queue].delayed++;
    for (const queue of this.active) counts[queue].active++;
    return counts;
  }

  /**
   * Lets running jobs finish, including the outcome reports they add; drops delayed jobs and
   * retries, whose rows stay unfinished in the database and are handed over again on restart.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.stopListening();
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.closed = true;
  }

  private schedule(job: PendingJob, delayMs: number): void {
    if (this.closing && delayMs > 0) {
      this.known.delete(job.key);
      return;
    }
    if (delayMs <= 0) {
      this.ready.push(job);
      this.pump();
      return;
    }
    // setTimeout cannot wait longer than ~24.8 days; longer delays wait in steps.
    const dueAt = nowMs() + delayMs;
    const timer = setTimeout(() => {
      this.delayed.delete(job);
      this.schedule(job, dueAt - nowMs());
    }, Math.min(delayMs, MAX_TIMER_MS));
    this.delayed.set(job, { dueAt, timer });
  }

  /** Ready jobs start once requests leave room for them (the API's requests come first). */
  yieldTo(whenQuiet: (work: () => void) => void): void {
    this.whenQuiet = whenQuiet;
  }

  /** For tests: resolves once no job is ready or running (delayed jobs may still wait). */
  async idle(): Promise<void> {
    while (!this.closed && (this.ready.length > 0 || this.running.size > 0)) {
      if (this.running.size > 0) await Promise.allSettled([...this.running]);
      else {
        this.pump();
        await this.waitingForTurn;
      }
    }
  }

  private pump(): void {
    if (!this.whenQuiet || this.closing) return this.startReady();
    if (this.waitingForTurn || this.ready.length === 0) return;
    this.waitingForTurn = new Promise((resolve) =>
      this.whenQuiet!(() => {
        this.waitingForTurn = undefined;
        this.startReady();
        resolve();
      }),
    );
  }

  private startReady(): void {
    while (!this.closed && this.running.size < this.concurrency && this.ready.length > 0) {
      const job = this.ready.shift()!;
      const run = this.run(job).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(job: PendingJob): Promise<void> {
    const handler = this.handlers.get(`${job.queue}/${job.name}`);
    if (!handler) {
      this.known.delete(job.key);
      this.log.error({ queue: job.queue, job: job.name }, 'no processor registered for this job; it was dropped');
      return;
    }
    const started = performance.now();
    const observe = (outcome: JobOutcome) => this.metrics.observe(job.queue, job.name, outcome, (performance.now() - started) / 1000);
    this.active.push(job.queue);
    try {
      const saveProgress = async (progress: object) => {
        job.progress = progress;
      };
      await handler(job.data, { jobId: job.jobId, attempt: job.attempt, maxAttempts: job.maxAttempts, log: this.log, progress: job.progress, saveProgress });
      this.known.delete(job.key);
      observe('completed');
    } catch (error) {
      if (error instanceof DeferJobError) {
        observe('deferred');
        this.schedule(job, error.delayMs); // the same attempt, later
        return;
      }
      const final = error instanceof PermanentJobError || job.attempt >= job.maxAttempts;
      observe(final ? 'failed' : 'retry');
      this.log.warn({ queue: job.queue, jobId: job.jobId, attempt: job.attempt, err: error }, final ? 'job failed for good' : 'job failed; will retry');
      if (final || this.closing) {
        this.known.delete(job.key);
        return;
      }
      this.schedule({ ...job, attempt: job.attempt + 1 }, retryAfterOf(error) ?? backoffDelay(job.backoffMs, job.attempt));
    } finally {
      this.active.splice(this.active.indexOf(job.queue), 1);
    }
  }
}

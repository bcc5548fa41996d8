import type { JobData, JobName, QueueName } from './catalogue.js';
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
  private readonly handlers = new Map<string, Processor<unknown>>();
  /** Jobs added and not yet finished, by queue and job id: adding one again is a no-op. */
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly ready: PendingJob[] = [];
  private readonly running = new Set<Promise<void>>();
  /** Closing: running jobs finish and may still add immediate jobs (their outcome reports). */
  private closing = false;
  private closed = false;

  constructor(
    private readonly retry: RetryPolicy,
    private readonly log: JobLog,
    private readonly concurrency = 8,
  ) {}

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

  async addBulk<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[]): Promise<void> {
    for (const job of jobs) await this.add(queue, job.name, job.data, job.opts);
  }

  process<Q extends QueueName>(queue: Q, handlers: Handlers<Q>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      this.handlers.set(`${queue}/${name}`, handler as Processor<unknown>);
    }
  }

  /** Nothing to reconnect to: inline jobs live and die with this process. */
  onReconnect(): void {}

  async ping(): Promise<void> {}

  /**
   * Lets running jobs finish, including the outcome reports they add; drops delayed jobs and
   * retries, whose rows stay unfinished in the database and are handed over again on restart.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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
    const step = Math.min(delayMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.schedule(job, delayMs - step);
    }, step);
    this.timers.add(timer);
  }

  private pump(): void {
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
    try {
      const saveProgress = async (progress: object) => {
        job.progress = progress;
      };
      await handler(job.data, { jobId: job.jobId, attempt: job.attempt, maxAttempts: job.maxAttempts, log: this.log, progress: job.progress, saveProgress });
      this.known.delete(job.key);
    } catch (error) {
      if (error instanceof DeferJobError) {
        this.schedule(job, error.delayMs); // the same attempt, later
        return;
      }
      const final = error instanceof PermanentJobError || job.attempt >= job.maxAttempts;
      this.log.warn({ queue: job.queue, jobId: job.jobId, attempt: job.attempt, err: error }, final ? 'job failed for good' : 'job failed; will retry');
      if (final || this.closing) {
        this.known.delete(job.key);
        return;
      }
      this.schedule({ ...job, attempt: job.attempt + 1 }, retryAfterOf(error) ?? backoffDelay(job.backoffMs, job.attempt));
    }
  }
}

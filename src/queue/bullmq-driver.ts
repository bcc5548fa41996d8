import { once } from 'node:events';
import { DelayedError, Queue, UnrecoverableError, Worker, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { withTimeout } from '../util/with-timeout.js';
import { QUEUE_NAMES, type JobData, type JobName, type QueueName } from './catalogue.js';
import { NO_JOB_METRICS, type JobMetrics, type JobOutcome, type QueueCounts } from './job-metrics.js';
import { RedisMemo } from './shared-memo.js';
import { RedisRateLimiter } from './rate-limiters.js';
import {
  backoffDelay,
  DeferJobError,
  PermanentJobError,
  retryAfterOf,
  type BulkJob,
  type Handlers,
  type JobLog,
  type JobOptions,
  type Processor,
  type QueueDriver,
  type RetryPolicy,
} from './queue-driver.js';

export interface BullmqDriverOptions {
  redisUrl: string;
  prefix: string;
  retry: RetryPolicy;
  log: JobLog;
  /** Lock on a running job; a dead worker's jobs are taken up again once it lapses. */
  lockMs?: number;
  /**
   * Put in front of every job id this driver adds: the API process passes its database's
   * lifetime, so ids derived from row ids never meet another database's finished jobs.
   * Workers pass none: their outcome reports are named after the (prefixed) job they report on.
   */
  jobIdPrefix?: string;
}

/** How long an add waits for a connection that is still being made. */
const CONNECT_WAIT_MS = 1_000;

/** How long close() waits for running jobs before it lets go anyway. */
const CLOSE_TIMEOUT_MS = 30_000;

/** Not a BullMQ built-in, so BullMQ asks the worker's backoffStrategy. */
const BACKOFF_TYPE = 'chuanglian';

/** Generations of one job id tried before giving up on reviving it. */
const MAX_GENERATIONS = 100;

/** addBulk sends this many jobs per Redis round trip. */
const BULK_BATCH = 1_000;

export class BullmqDriver implements QueueDriver {
  readonly kind = 'bullmq';
  readonly rateLimiter: RedisRateLimiter;
  readonly memo: RedisMemo;
  metrics: JobMetrics = NO_JOB_METRICS;
  /** For producing jobs: fails fast when Redis is down, so callers (the outbox relay) can retry later. */
  private readonly producer: Redis;
  private readonly connections: Redis[] = [];
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  private readonly reconnectListeners: Array<() => void> = [];

  constructor(private readonly options: BullmqDriverOptions) {
    this.producer = this.connect({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.rateLimiter = new RedisRateLimiter(this.producer, options.prefix);
    this.memo = new RedisMemo(this.producer, options.prefix);
    let connectedBefore = false;
    this.producer.on('ready', () => {
      if (connectedBefore) for (const listener of this.reconnectListeners) listener();
      connectedBefore = true;
    });
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async add<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, opts: JobOptions): Promise<void> {
    await this.assertConnected();
    await this.queue(queue).add(name, data, this.jobOptions(opts));
  }

  async addBulk<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[], options: { reviveFinished?: boolean } = {}): Promise<void> {
    await this.assertConnected();
    if (options.reviveFinished) jobs = await Promise.all(jobs.map((job) => this.revived(queue, job)));
    for (let i = 0; i < jobs.length; i += BULK_BATCH) {
      const batch = jobs.slice(i, i + BULK_BATCH).map((job) => ({ name: job.name, data: job.data, opts: this.jobOptions(job.opts) }));
      await this.queue(queue).addBulk(batch);
    }
  }

  process<Q extends QueueName>(queue: Q, handlers: Handlers<Q>, options: { concurrency?: number } = {}): void {
    const { log } = this.options;
    const table = handlers as Record<string, Processor<unknown>>;
    const worker = new Worker(
      queue,
      async (job, token) => {
        const handler = table[job.name];
        if (!handler) throw new UnrecoverableError(`No processor for job "${job.name}" on queue "${queue}".`);
        const ctx = {
          jobId: String(job.id),
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
          log,
          // BullMQ keeps a job's progress across retries and stalls; 0 is its "none yet".
          progress: typeof job.progress === 'object' ? job.progress : undefined,
          saveProgress: (progress: object) => job.updateProgress(progress),
        };
        const started = performance.now();
        const observe = (outcome: JobOutcome) => this.metrics.observe(queue, job.name, outcome, (performance.now() - started) / 1000);
        try {
          await handler(job.data, ctx);
          observe('completed');
        } catch (error) {
          observe(error instanceof DeferJobError ? 'deferred' : error instanceof PermanentJobError || ctx.attempt >= ctx.maxAttempts ? 'failed' : 'retry');
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
          if (error instanceof DeferJobError) {
            // Back to the delayed set without using up an attempt.
            await job.moveToDelayed(Date.now() + error.delayMs, token);
            throw new DelayedError();
          }
          throw error;
        }
      },
      {
        // Workers block on Redis and must retry forever rather than give up a command.
        connection: this.connect({ maxRetriesPerRequest: null }),
        prefix: this.options.prefix,
        concurrency: options.concurrency ?? 8,
        lockDuration: this.options.lockMs ?? 30_000,
        stalledInterval: this.options.lockMs ?? 30_000,
        // Our backoff: a Retry-After the failure carries, else exponential with jitter.
        settings: { backoffStrategy: (attemptsMade, _type, error, job) => retryAfterOf(error) ?? backoffDelay(this.baseDelay(job?.opts.backoff), attemptsMade) },
      },
    );
    worker.on('failed', (job, error) => log.warn({ queue, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job attempt failed'));
    worker.on('error', (error) => log.error({ queue, err: error }, 'queue worker error'));
    this.workers.push(worker);
  }

  async remove(queue: QueueName, jobIds: string[]): Promise<void> {
    await this.assertConnected();
    // A running job is locked and stays; it was handed out before the removal was asked for.
    await Promise.all(jobIds.map((id) => this.queue(queue).remove(this.fullJobId(id)).catch(() => 0)));
  }

  /** The job under the first generation of its id that is not finished in Redis (see QueueDriver.addBulk). */
  private async revived<Q extends QueueName>(queue: Q, job: BulkJob<Q>): Promise<BulkJob<Q>> {
    let jobId = job.opts.jobId;
    for (let generation = 1; generation <= MAX_GENERATIONS; generation++) {
      const state = await this.queue(queue).getJobState(this.fullJobId(jobId));
      if (state !== 'completed' && state !== 'failed') break;
      jobId = `${job.opts.jobId}-g${generation}`;
    }
    if (jobId !== job.opts.jobId) this.options.log.warn({ queue, jobId: job.opts.jobId, revivedAs: jobId }, 'job finished without its row recording an outcome; handed over again');
    return { ...job, opts: { ...job.opts, jobId } };
  }

  /** Every queue of the catalogue, for the dashboard (Bull Board). */
  allQueues(): Queue[] {
    return QUEUE_NAMES.map((name) => this.queue(name));
  }

  async ping(): Promise<void> {
    await this.producer.ping();
  }

  async counts(): Promise<QueueCounts> {
    await this.assertConnected();
    const entries = await Promise.all(
      QUEUE_NAMES.map(async (name) => {
        const c = await this.queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        return [name, { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 }] as const;
      }),
    );
    return Object.fromEntries(entries) as QueueCounts;
  }

  async close(): Promise<void> {
    // With Redis down nothing can drain (and BullMQ would wait for it forever): force-close.
    const redisUp = await this.ping().then(
      () => true,
      () => false,
    );
    // Workers first: close() lets running jobs finish and report before connections go.
    await withTimeout(Promise.allSettled(this.workers.map((worker) => worker.close(!redisUp))), CLOSE_TIMEOUT_MS);
    await withTimeout(Promise.allSettled([...this.queues.values()].map((queue) => queue.close())), CLOSE_TIMEOUT_MS);
    for (const connection of this.connections) {
      if (redisUp) await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }

  /** The first retry delay a job was added with (see jobOptions). */
  private baseDelay(backoff: number | { delay?: number } | undefined): number {
    return (typeof backoff === 'object' ? backoff.delay : undefined) ?? this.options.retry.backoffMs;
  }

  /**
   * BullMQ would wait for Redis to come back forever; we wait a moment (a connection still being
   * made at start-up) and then fail, so the outbox relay tries again on its next sweep.
   */
  private async assertConnected(): Promise<void> {
    if (this.producer.status === 'ready') return;
    // once() rejects on an 'error' event; a failed connection attempt is reported below instead.
    await withTimeout(once(this.producer, 'ready').catch(() => undefined), CONNECT_WAIT_MS);
    if ((this.producer.status as string) !== 'ready') throw new Error(`Redis is not connected (${this.producer.status}).`);
  }

  private connect(extra: { maxRetriesPerRequest: number | null; enableOfflineQueue?: boolean }): Redis {
    const connection = new Redis(this.options.redisUrl, { lazyConnect: false, ...extra });
    // Errors surface on the commands that fail; without a listener ioredis would print each retry.
    connection.on('error', () => {});
    this.connections.push(connection);
    return connection;
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.options.prefix });
      queue.on('error', (error) => this.options.log.warn({ queue: name, err: error }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private fullJobId(jobId: string): string {
    return this.options.jobIdPrefix ? `${this.options.jobIdPrefix}-${jobId}` : jobId;
  }

  private jobOptions(opts: JobOptions): JobsOptions {
    return {
      jobId: this.fullJobId(opts.jobId),
      delay: opts.delayMs,
      attempts: opts.attempts ?? this.options.retry.attempts,
      backoff: { type: BACKOFF_TYPE, delay: opts.backoffMs ?? this.options.retry.backoffMs },
      // Kept a day after completion so a re-enqueue of the same row id stays a no-op.
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }
}

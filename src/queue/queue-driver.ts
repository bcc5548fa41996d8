import type { JobData, JobName, QueueName } from './catalogue.js';
import type { JobMetrics, QueueCounts } from './job-metrics.js';
import type { SharedMemo } from './shared-memo.js';

export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobContext {
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
  log: JobLog;
  /** What the job saved with saveProgress in an earlier run (a retry, or after its worker died); undefined at first. */
  progress: unknown;
  /** Keeps a record of work done with the job, so a later run can skip it. */
  saveProgress(progress: object): Promise<void>;
}

export type Processor<T> = (data: T, ctx: JobContext) => Promise<void>;

export type Handlers<Q extends QueueName> = { [N in JobName<Q>]: Processor<JobData<Q, N>> };

export interface JobOptions {
  /** Derived from the row the job acts on (see `jobIds`): adding an existing id is a no-op. */
  jobId: string;
  delayMs?: number;
  attempts?: number;
  /** First retry delay; later ones double, with jitter. */
  backoffMs?: number;
}

export interface BulkJob<Q extends QueueName, N extends JobName<Q> = JobName<Q>> {
  name: N;
  data: JobData<Q, N>;
  opts: JobOptions;
}

/**
 * Two drivers stand behind this: BullMQ when REDIS_URL is set, inline otherwise. Callers
 * cannot tell them apart, so the same processors and recorders run either way.
 */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'inline';
  add<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, opts: JobOptions): Promise<void>;
  /**
   * `reviveFinished`: a job whose id is already finished (completed or failed) while its row
   * still waits is added again under the next free generation of that id (`<id>-g1`, `-g2` …):
   * its outcome never reached the database, or the job belonged to another database.
   */
  addBulk<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[], options?: { reviveFinished?: boolean }): Promise<void>;
  process<Q extends QueueName>(queue: Q, handlers: Handlers<Q>, options?: { concurrency?: number }): void;
  /** Removes jobs that wait or wait to be retried (not one running now); unknown ids are ignored. */
  remove(queue: QueueName, jobIds: string[]): Promise<void>;
  /** A rate limiter shared by every process using the same backing store. */
  readonly rateLimiter: RateLimiter;
  /** Facts senders remember across jobs and processes (see shared-memo.ts). */
  readonly memo: SharedMemo;
  /** Calls back each time the backing store comes back after losing the connection. */
  onReconnect(listener: () => void): void;
  /** Throws when the backing store does not answer. */
  ping(): Promise<void>;
  /** Jobs per queue and state now (for /metrics). */
  counts(): Promise<QueueCounts>;
  /** Where each run's outcome and duration are reported; set by whoever owns the metrics registry. */
  metrics: JobMetrics;
  /** Stops taking new jobs, waits for the running ones, releases connections. */
  close(): Promise<void>;
}

/** Thrown by a processor when retrying cannot help (e.g. an SMTP 5xx answer). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Thrown by a processor to run the job again later without using up an attempt (rate limits). */
export class DeferJobError extends Error {
  override name = 'DeferJobError';
  constructor(readonly delayMs: number) {
    super(`deferred for ${delayMs} ms`);
  }
}

/** A failure may say when to try again (an HTTP Retry-After); that wins over the backoff. */
export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** Shared rate limiting: how long to wait before the next take under `key` is allowed (0 = now, and counted). */
export interface RateLimiter {
  take(key: string, perMinute: number, burst?: number): Promise<number>;
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Share of each retry delay that is randomised, so retries of many jobs do not arrive together. */
export const BACKOFF_JITTER = 0.5;

/** Exponential backoff with jitter, the same formula BullMQ applies: base · 2^(attempt−1), minus up to 50 %. */
export function backoffDelay(baseMs: number, failedAttempts: number, random = Math.random): number {
  const max = baseMs * 2 ** (failedAttempts - 1);
  return Math.floor(max * (1 - BACKOFF_JITTER) + random() * max * BACKOFF_JITTER);
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { QUEUE_NAMES, type QueueName } from './catalogue.js';

/** How a job's run ended: done, to be tried again, given up for good, or put back without using an attempt. */
export type JobOutcome = 'completed' | 'retry' | 'failed' | 'deferred';

export type QueueCounts = Record<QueueName, { waiting: number; active: number; delayed: number; failed: number }>;

/** What each driver reports about the runs it makes (a no-op until a registry is given). */
export interface JobMetrics {
  observe(queue: QueueName, name: string, outcome: JobOutcome, seconds: number): void;
}

export const NO_JOB_METRICS: JobMetrics = { observe() {} };

/**
 * Job outcomes and durations per queue and job name, and each queue's depth read from the driver
 * at every scrape; registered on the process's registry (the API's /metrics, a worker's METRICS_PORT).
 */
export function jobMetrics(registry: Registry, counts: () => Promise<QueueCounts>): JobMetrics {
  const runs = new Counter({ name: 'chuanglian_job_runs_total', help: 'Job runs by queue, job name and outcome (completed, retry, failed for good, deferred).', labelNames: ['queue', 'name', 'outcome'], registers: [registry] });
  const duration = new Histogram({ name: 'chuanglian_job_duration_seconds', help: 'How long a job run took, by queue and job name.', labelNames: ['queue', 'name'], buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60], registers: [registry] });
  new Gauge({
    name: 'chuanglian_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const byQueue = await counts().catch(() => null); // Redis away: no depth rather than a failed scrape
      this.reset();
      if (!byQueue) return;
      for (const queue of QUEUE_NAMES) for (const [state, n] of Object.entries(byQueue[queue])) this.set({ queue, state }, n);
    },
  });
  return {
    observe(queue, name, outcome, seconds) {
      runs.inc({ queue, name, outcome });
      duration.observe({ queue, name }, seconds);
    },
  };
}

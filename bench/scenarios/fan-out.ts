import { execFileSync } from 'node:child_process';
import { Queue } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { deliveries } from '../../src/db/schema.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../../tests/helpers/redis.js';
import { TEST_SECRET } from '../../tests/helpers/test-app.js';
import { cpuSeconds, startSinkProcess, startWorkerProcess, type WorkerHandle } from '../lib/processes.js';
import { arrangeFanOut, writeDeliveries, type FanOutFixture } from '../lib/fan-out-fixture.js';
import type { Row } from '../lib/report.js';
import type { RunningService } from '../lib/service.js';

/** Resolves the audience, writes the deliveries and hands them to Redis: the fan-out job alone. */
async function fanOut(fixture: FanOutFixture): Promise<number> {
  const began = performance.now();
  await writeDeliveries(fixture);
  await fixture.service.app.outbox.flush();
  return performance.now() - began;
}

function sentCount(service: RunningService, announcementId: number): number {
  return service.app.db.select({ n: sql<number>`count(*)` }).from(deliveries).where(and(eq(deliveries.announcementId, announcementId), eq(deliveries.status, 'sent'))).get()!.n;
}

async function waitUntilSent(service: RunningService, announcementId: number, count: number, sample?: () => void): Promise<void> {
  for (;;) {
    sample?.();
    if (sentCount(service, announcementId) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** nodemailer's pooled transport sending `count` mails of the same size straight to the sink. */
async function directBaseline(smtpUrl: string, count: number, html: string, text: string): Promise<number> {
  const transport = nodemailer.createTransport(`${smtpUrl}?pool=true`);
  const began = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const p = transport.sendMail({ from: 'bench@chuanglian.local', to: `s-${i}@subscribers.example`, subject: 'New event: Fan-out benchmark', text, html }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 100) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  transport.close();
  return performance.now() - began;
}

/** BullMQ addBulk of `count` no-op jobs, the floor for handing deliveries to Redis. */
async function addBulkBaseline(prefix: string, count: number): Promise<number> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('baseline', { connection, prefix });
  const began = performance.now();
  await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `noop-${i}` } })));
  const elapsed = performance.now() - began;
  await queue.close();
  connection.disconnect();
  return elapsed;
}

interface Run {
  count: number;
  workers: number;
  enqueueMs: number;
  sendMs: number;
  peakWorkerRssMb: number;
  /** CPU seconds each part used while the run sent its mails. */
  cpu: { api: number; workers: number; sink: number; redis: number };
}

type Sink = Awaited<ReturnType<typeof startSinkProcess>>;

const redisPid = () => Number(execFileSync('pidof', ['redis-server']).toString().trim().split(' ')[0]);

async function run(count: number, sink: Sink, workerCount = 2): Promise<Run> {
  const sinkUrl = sink.url;
  const prefix = uniquePrefix(`bench-${count}`);
  const fixture = await arrangeFanOut(count, { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sinkUrl });
  const { service, announcementId } = fixture;
  const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sinkUrl, SECRET_KEY: TEST_SECRET, WORKER_CONCURRENCY: '32', DATABASE_PATH: '/nonexistent/bench.db' };
  const workers: WorkerHandle[] = [];
  for (let i = 0; i < workerCount; i++) workers.push(await startWorkerProcess(env));
  let peak = 0;
  const sample = () => {
    for (const worker of workers) peak = Math.max(peak, worker.peakRssMb());
  };
  // The API runs in this process; the rest in their own.
  const cpuNow = () => ({ api: cpuSeconds(process.pid), workers: workers.reduce((sum, w) => sum + cpuSeconds(w.child.pid!), 0), sink: cpuSeconds(sink.pid), redis: cpuSeconds(redisPid()) });
  const cpuBefore = cpuNow();
  const began = performance.now();
  const enqueueMs = await fanOut(fixture);
  await waitUntilSent(service, announcementId, count, sample);
  const sendMs = performance.now() - began;
  const cpuAfter = cpuNow();
  const cpu = { api: cpuAfter.api - cpuBefore.api, workers: cpuAfter.workers - cpuBefore.workers, sink: cpuAfter.sink - cpuBefore.sink, redis: cpuAfter.redis - cpuBefore.redis };
  sample();
  for (const worker of workers) await worker.stop();
  await service.close();
  await deletePrefix(prefix);
  return { count, workers: workerCount, enqueueMs, sendMs, peakWorkerRssMb: peak, cpu };
}

export async function fanOutScenarios(): Promise<{ rows: Row[]; notes: string[] }> {
  await requireRedis();
  const sink = await startSinkProcess();
  try {
    const runs = [await run(1_000, sink), await run(10_000, sink)];
    const ten = runs[1]!;
    const single = await run(10_000, sink, 1);
    const scaling = single.sendMs / ten.sendMs;
    const prefix = uniquePrefix('bench-baseline');
    const bulkMs = await addBulkBaseline(prefix, 10_000);
    await deletePrefix(prefix);
    const sample = 'x'.repeat(1200);
    const directMs = await directBaseline(sink.url, 10_000, `<p>${sample}</p>`, sample);
    const big = await run(100_000, sink);
    runs.push(big);

    const throughput = 10_000 / (ten.sendMs / 1000);
    const baseThroughput = 10_000 / (directMs / 1000);
    const rows: Row[] = [
      {
        measure: 'fan-out of one announcement to 10,000 subscribers, 2 workers → SMTP sink',
        result: `${throughput.toFixed(0)} mails/s`,
        baseline: `${baseThroughput.toFixed(0)} mails/s (pooled nodemailer, direct)`,
        ratio: (throughput / baseThroughput).toFixed(2),
        target: '≥ 0.7',
        met: throughput / baseThroughput >= 0.7,
      },
      {
        measure: 'fan-out to 10,000 subscribers: 1 → 2 worker processes (scaling factor of mails/s)',
        result: `${(10_000 / (single.sendMs / 1000)).toFixed(0)} → ${throughput.toFixed(0)} mails/s`,
        baseline: '—',
        ratio: scaling.toFixed(2),
        target: 'report (expect ≥ 1.6)',
        met: scaling >= 1.6,
      },
      {
        measure: 'enqueue of 10,000 deliveries (fan-out job alone)',
        result: `${ten.enqueueMs.toFixed(0)} ms`,
        baseline: `${bulkMs.toFixed(0)} ms (addBulk of 10,000 no-op jobs)`,
        ratio: (ten.enqueueMs / bulkMs).toFixed(2),
        target: '≤ 2×',
        met: ten.enqueueMs / bulkMs <= 2,
      },
      {
        measure: 'worker peak RSS during a 100,000-subscriber fan-out',
        result: `${big.peakWorkerRssMb.toFixed(0)} MB`,
        baseline: '—',
        ratio: '—',
        target: '< 250 MB',
        met: big.peakWorkerRssMb < 250,
      },
    ];
    const notes = [
      'Scaling of the fan-out (same sink):',
      '',
      '| subscribers | workers | enqueue (fan-out job) | all sent | mails/s | worker peak RSS | CPU s: API / workers / SMTP sink / Redis (of 2 cores × elapsed) |',
      '|---|---|---|---|---|---|---|',
      ...[single, ...runs].map((r) => `| ${r.count.toLocaleString('en')} | ${r.workers} | ${r.enqueueMs.toFixed(0)} ms | ${(r.sendMs / 1000).toFixed(1)} s | ${(r.count / (r.sendMs / 1000)).toFixed(0)} | ${r.peakWorkerRssMb.toFixed(0)} MB | ${r.cpu.api.toFixed(1)} / ${r.cpu.workers.toFixed(1)} / ${r.cpu.sink.toFixed(1)} / ${r.cpu.redis.toFixed(1)} (of ${((2 * r.sendMs) / 1000).toFixed(1)}) |`),
      '',
      `Sink received ${await sink.received()} mails in all.`,
    ];
    return { rows, notes };
  } finally {
    sink.stop();
  }
}

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/db/schema.js';
import { deliveryOutboxSource } from '../../src/deliveries/delivery-outbox.js';
import { NOTICE_BATCH_SIZE, type SendNoticesJob } from '../../src/queue/catalogue.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { seedConfirmedSubscribers } from '../helpers/subscriber-fixtures.js';
import { seedMember, startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const SUBSCRIBERS = 250;

/**
 * The first message to every third subscriber is refused with 421 (try again later); addresses
 * `gone-*` are refused for good (550) until their mailboxes come back.
 */
const mailboxes = { goneAreBack: false };
function flakySink(): Promise<SmtpSink> {
  const refusedOnce = new Set<string>();
  mailboxes.goneAreBack = false;
  return startSmtpSink({
    refuse: (_n, [to = '']) => {
      if (to.startsWith('gone-')) return mailboxes.goneAreBack ? undefined : 550;
      const i = Number(/-(\d+)@subscribers\.example$/.exec(to)?.[1]);
      if (i % 3 === 0 && !refusedOnce.has(to)) {
        refusedOnce.add(to);
        return 421;
      }
      return undefined;
    },
  });
}

/** Publishes to SUBSCRIBERS flaky addresses and checks that each got exactly one notice, retried ones on their second attempt. */
async function publishToFlakyAudience(t: TestApp, sink: SmtpSink) {
  const emails = seedConfirmedSubscribers(t.app.db, SUBSCRIBERS, `batch${Date.now()}`);
  const { event } = await publishOnlineEvent(t.app, { title: 'Batch night' });
  const rows = await waitFor(() => {
    const all = t.app.db.select().from(deliveries).all().filter((d) => d.targetType === 'subscriber');
    return all.length === SUBSCRIBERS && all.every((d) => d.status === 'sent') && all;
  }, 'every notice sent', 30_000);
  for (const email of emails) expect(sink.mailTo(email).length, email).toBe(1);
  const retried = emails.filter((_, i) => i % 3 === 0).length;
  expect(sink.refused.filter((r) => r.code === 421)).toHaveLength(retried);
  // Only the refused were sent again: the sink saw each accepted address once.
  expect(sink.messages.filter((m) => m.subject?.includes('Batch night'))).toHaveLength(SUBSCRIBERS);
  expect(rows.filter((d) => d.attempts === 2)).toHaveLength(retried);
  expect(rows.filter((d) => d.attempts === 1)).toHaveLength(SUBSCRIBERS - retried);
  return { event, emails };
}

/** A notice refused for good is dead at once; a manual retry goes out on its own once the mailbox exists again. */
async function deadThenRetried(t: TestApp, sink: SmtpSink) {
  const [address] = seedConfirmedSubscribers(t.app.db, 1, `gone-${Date.now()}`);
  await publishOnlineEvent(t.app, { title: 'Gone night' });
  const dead = await waitFor(() => t.app.db.select().from(deliveries).all().find((d) => d.status === 'dead'), 'a dead notice');
  expect(dead.attempts).toBe(1);
  expect(sink.refused.filter((r) => r.code === 550)).toHaveLength(1);
  mailboxes.goneAreBack = true;
  const coordinator = seedMember(t.app, 'coordinator');
  const retry = await t.app.inject({ method: 'POST', url: `/v1/deliveries/${dead.id}/retry`, headers: coordinator.auth });
  expect(retry.statusCode).toBe(200);
  const sent = await waitFor(() => t.app.db.select().from(deliveries).all().find((d) => d.id === dead.id && d.status === 'sent'), 'the retried notice sent', 15_000);
  expect(sent.round).toBe(1);
  expect(sink.mailTo(address!)).toHaveLength(1);
}

describe('notice batches on the inline driver', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await flakySink();
    t = await startTestApp({ SMTP_URL: sink.url, DELIVERY_BACKOFF_MS: '50' });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('resends only the notices that were refused for now', { timeout: 60_000 }, async () => {
    await publishToFlakyAudience(t, sink);
  });

  it('leaves a notice refused for good dead; a manual retry sends it as a new round', { timeout: 60_000 }, async () => {
    await deadThenRetried(t, sink);
  });
});

describe('notice batches on BullMQ with two workers', () => {
  const prefix = uniquePrefix('notice-batches');
  let sink: SmtpSink;
  let t: TestApp;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    await requireRedis();
    sink = await flakySink();
    const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, DELIVERY_BACKOFF_MS: '50' };
    t = await startTestApp(env);
    for (let i = 0; i < 2; i++) workers.push(await startWorker({ ...env, SECRET_KEY: TEST_SECRET }));
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await t?.close();
    await sink?.close();
    await deletePrefix(prefix);
  });

  it(`sends ${SUBSCRIBERS} notices in jobs of at most ${NOTICE_BATCH_SIZE}, a retry resending only the refused`, { timeout: 60_000 }, async () => {
    await publishToFlakyAudience(t, sink);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('send', { connection, prefix });
    try {
      const jobs = (await queue.getJobs(['completed'])).filter((job) => job.name === 'send-notices');
      // 250 consecutive delivery ids fall into at most four blocks of 100.
      expect(jobs.length).toBeGreaterThanOrEqual(3);
      expect(jobs.length).toBeLessThanOrEqual(4);
      expect(jobs.reduce((n, job) => n + job.data.recipients.length, 0)).toBe(SUBSCRIBERS);
      // The retried jobs kept their progress across the retry: what was sent, stayed sent.
      expect(jobs.some((job) => job.attemptsMade >= 1 && (job.progress as { finished: unknown[] }).finished.length === job.data.recipients.length)).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('leaves a notice refused for good dead; a manual retry sends it as a new round', { timeout: 60_000 }, async () => {
    await deadThenRetried(t, sink);
  });
});

describe('claiming notice batches from the outbox', () => {
  const prefix = uniquePrefix('notice-claims');
  let t: TestApp;
  beforeAll(async () => {
    await requireRedis();
    // No workers: the deliveries stay pending, as after a lost Redis.
    t = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix });
  });
  afterAll(async () => {
    await t?.close();
    await deletePrefix(prefix);
  });

  it('names the same jobs however the rows are claimed again, and never splits a batch between claims', async () => {
    seedConfirmedSubscribers(t.app.db, SUBSCRIBERS, 'claim');
    await publishOnlineEvent(t.app, { title: 'Claim night' });
    await waitFor(() => t.app.db.select().from(deliveries).all().length === SUBSCRIBERS, 'deliveries written');
    const source = deliveryOutboxSource(t.app.db, { publicUrl: 'http://chuanglian.test', unsubscribeMailto: undefined, attempts: 3, backoffMs: 50 });

    /** Hands every pending row over again, `limit` rows a claim, as the relay does after Redis came back. */
    const claimAll = (limit: number) => {
      const runAt = new Date(Date.now() + 1000);
      const jobs = new Map<string, number[]>();
      for (;;) {
        const claimed = source.claim(runAt, limit);
        if (claimed.rowIds.length === 0) return jobs;
        for (const job of claimed.jobs) {
          expect(jobs.has(job.opts.jobId), `${job.opts.jobId} claimed twice`).toBe(false);
          jobs.set(job.opts.jobId, (job.data as SendNoticesJob).recipients.map((r) => r.deliveryId));
        }
        source.markEnqueued(claimed.rowIds, runAt);
        if (claimed.rowIds.length < limit) return jobs;
      }
    };
    const byHundreds = claimAll(500); // all were handed over already: the stale path
    t.app.db.update(deliveries).set({ enqueuedAt: null }).run();
    const byThirties = claimAll(30); // never handed over: the fresh path
    expect([...byThirties.keys()].sort()).toEqual([...byHundreds.keys()].sort());
    for (const [jobId, ids] of byHundreds) expect(byThirties.get(jobId)).toEqual(ids);
    expect([...byHundreds.values()].flat()).toHaveLength(SUBSCRIBERS);
    expect(Math.max(...[...byHundreds.values()].map((ids) => ids.length))).toBeLessThanOrEqual(NOTICE_BATCH_SIZE);
  });
});

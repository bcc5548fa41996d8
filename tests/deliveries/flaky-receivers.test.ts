import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliveries } from '../../src/db/schema.js';
import { addChannel, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { seedConfirmedSubscribers } from '../helpers/subscriber-fixtures.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const SUBSCRIBERS = 200;
const CHANNELS = 10;
const EVENTS = 5;
const FLAKINESS = 0.3;

/** A seeded generator (mulberry32), so each run draws the same sequence of refusals. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const prefix = uniquePrefix('flaky');
const workers: WorkerProcess[] = [];
beforeAll(requireRedis);
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await deletePrefix(prefix);
});

it(`delivers everything through an SMTP server refusing ${FLAKINESS * 100} % with 421 and webhooks answering ${FLAKINESS * 100} % with 503, recording every attempt`, async () => {
  const smtpDice = seeded(7);
  const httpDice = seeded(11);
  const sink = await startSmtpSink({ refuse: (_n, [to = '']) => (to.endsWith('@subscribers.example') && smtpDice() < FLAKINESS ? 421 : undefined) });
  const receiver = await startReceiver(() => ({ status: httpDice() < FLAKINESS ? 503 : 200 }));
  // Attempts enough that giving up is out of reach (0.3^20 per delivery); retries come quickly.
  const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, CHANNEL_ALLOW_HOSTS: '127.0.0.1', DELIVERY_ATTEMPTS: '20', DELIVERY_BACKOFF_MS: '20' };
  const t = await startTestApp(env);
  try {
    for (let i = 0; i < 2; i++) workers.push(await startWorker({ ...env, SECRET_KEY: TEST_SECRET }));
    seedConfirmedSubscribers(t.app.db, SUBSCRIBERS, 'flaky');
    for (let i = 0; i < CHANNELS; i++) await addChannel(t.app, { kind: 'webhook', name: `Flaky ${i}`, config: { url: `${receiver.url}/hook-${i}` } });
    for (let i = 0; i < EVENTS; i++) await publishOnlineEvent(t.app, { title: `Flaky night ${i}` });

    const expected = EVENTS * (SUBSCRIBERS + CHANNELS);
    const all = () => t.app.db.select().from(deliveries).all();
    await waitFor(() => all().length === expected && all().every((d) => d.status === 'sent'), 'every delivery sent', 120_000);
    const rows = all();
    const attemptsOf = (type: 'subscriber' | 'channel') => rows.filter((d) => d.targetType === type).reduce((n, d) => n + d.attempts, 0);

    // Every try is on record: the sink and the receiver saw exactly as many tries as the deliveries count.
    const notices = sink.messages.filter((m) => m.subject?.includes('Flaky night'));
    expect(notices).toHaveLength(EVENTS * SUBSCRIBERS);
    expect(attemptsOf('subscriber')).toBe(notices.length + sink.refused.length);
    expect(receiver.requests).toHaveLength(attemptsOf('channel'));
    expect(receiver.requests.filter((r) => r.path.startsWith('/hook-'))).toHaveLength(attemptsOf('channel'));
    // Failures happened and were retried.
    expect(sink.refused.length).toBeGreaterThan(EVENTS * SUBSCRIBERS * 0.2);
    expect(rows.filter((d) => d.attempts > 1).length).toBeGreaterThan(expected * 0.2);
    const webhookFailures = receiver.requests.length - EVENTS * CHANNELS;
    expect(webhookFailures).toBeGreaterThan(0);
    expect(t.app.db.select({ n: sql<number>`count(*)` }).from(deliveries).where(eq(deliveries.status, 'dead')).get()!.n).toBe(0);
  } finally {
    await t.close();
    await sink.close();
    await receiver.close();
  }
}, 150_000);

import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../src/queue/catalogue.js';
import { deliveries } from '../../src/db/schema.js';
import { addChannel, deliveriesOf, publishOnlineEvent, STANDARD_SCENARIO_RESULT, standardScenario } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const prefix = uniquePrefix('fan-out');
const nowhere = makeTempDir('no-db');
const forbiddenDb = path.join(nowhere.dir, 'absent', 'chuanglian.db');
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let sink: SmtpSink;
let t: TestApp;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  await requireRedis();
  receiver = await startReceiver(() => ({ status: 200 }));
  sink = await startSmtpSink();
  const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, CHANNEL_ALLOW_HOSTS: '127.0.0.1', DELIVERY_BACKOFF_MS: '50' };
  t = await startTestApp(env);
  // Two senders that are told of a database they must never open.
  for (let i = 0; i < 2; i++) workers.push(await startWorker({ ...env, SECRET_KEY: TEST_SECRET, DATABASE_PATH: forbiddenDb }));
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await t?.close();
  await sink?.close();
  await receiver?.close();
  await deletePrefix(prefix);
  nowhere.cleanup();
});

const requestsTo = (p: string) => receiver.requests.filter((r) => r.path === p);

describe('fan-out on BullMQ with npm run worker', () => {
  it('ends the standard scenario exactly as the inline driver does, from workers with no database', async () => {
    expect(await standardScenario(t.app, receiver.url)).toEqual(STANDARD_SCENARIO_RESULT);
    expect(await sink.waitForMailTo('scenario-list@example.org')).toBeDefined();
    expect(fs.existsSync(path.dirname(forbiddenDb))).toBe(false);
  });

  it('holds a channel’s rate limit across both workers: the second delivery waits in the queue, not at the receiver', async () => {
    // One a minute: whichever worker takes the second delivery finds the limit used up by the first
    // (the limit lives in Redis) and puts the job back, delayed by about a minute.
    const { channel } = await addChannel(t.app, { kind: 'webhook', topics: ['rate'], ratePerMinute: 1, config: { url: `${receiver.url}/rate` } });
    for (let i = 0; i < 2; i++) await publishOnlineEvent(t.app, { topics: ['rate'] });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('send', { connection, prefix });
    try {
      const [deferred] = await waitFor(async () => {
        const delayed = (await queue.getDelayed()).filter((job) => job.name === 'deliver-to-channel' && job.data.channel.id === channel.id);
        return requestsTo('/rate').length === 1 && delayed.length === 1 && delayed;
      }, 'one delivery sent, the other deferred by the limit', 30_000);
      // Deferred without using up an attempt, for about the rest of the minute.
      expect(deferred!.attemptsMade).toBe(0);
      expect(deferred!.delay).toBeGreaterThan(50_000);
      expect(requestsTo('/rate')).toHaveLength(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('treats enqueuing a sent delivery again as a no-op', async () => {
    await addChannel(t.app, { kind: 'webhook', topics: ['dedupe'], config: { url: `${receiver.url}/dedupe` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['dedupe'] });
    const [row] = await waitFor(async () => {
      const rows = (await deliveriesOf(t.app, event.id, organizer.auth)).filter((r) => r.status === 'sent');
      return rows.length > 0 && rows;
    }, 'sent');
    const job = t.app.db.select().from(deliveries).all().find((d) => d.id === row!.id)!;
    // The same job id again, and the relay handing the row over again as if Redis had lost it.
    await t.app.jobs.add('send', 'deliver-to-channel', { deliveryId: job.id, round: job.round, channel: { id: 0, kind: 'webhook', name: 'x', settings: {}, sealedSecrets: null, ratePerMinute: 1 }, message: {} as never }, { jobId: jobIds.delivery(job.id, job.round) });
    t.app.outbox.kick(true);
    await t.app.outbox.flush();

    const later = await publishOnlineEvent(t.app, { topics: ['dedupe'] });
    await waitFor(() => requestsTo('/dedupe').some((r) => (r.json as { data: { eventId: number } }).data.eventId === later.event.id), 'a later delivery');
    expect(requestsTo('/dedupe').filter((r) => (r.json as { data: { eventId: number } }).data.eventId === event.id)).toHaveLength(1);
  });

  it('shows the queues on Bull Board to coordinators only', async () => {
    const { seedMember } = await import('../helpers/test-app.js');
    const coordinator = seedMember(t.app, 'coordinator');
    const organizer = seedMember(t.app, 'organizer');
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues', headers: organizer.auth })).statusCode).toBe(403);
    const page = await t.app.inject({ method: 'GET', url: '/admin/queues', headers: coordinator.auth });
    expect(page.statusCode).toBe(200);
    const api = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: coordinator.auth });
    expect(api.json().queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['send', 'results', 'database']));
  });
});

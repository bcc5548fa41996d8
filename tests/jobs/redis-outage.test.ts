import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startDedicatedRedis, type DedicatedRedis } from '../helpers/redis-server.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { admitViaApi, emailRowTo, startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('Redis outage', () => {
  it('accepts a new member while Redis is down and sends the welcome mail once Redis is back, empty', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const t = await startTestApp({ REDIS_URL: url, SMTP_URL: sink.url });
    cleanups.push(() => t.close());

    await admitViaApi(t.app, { name: 'He Jun', email: 'he@example.org' });
    const row = () => emailRowTo(t.app, 'he@example.org');
    expect(row()).toMatchObject({ status: 'pending', enqueuedAt: null });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

    const redis: DedicatedRedis | undefined = await startDedicatedRedis(port);
    cleanups.push(() => redis.stop());
    const worker: WorkerProcess = await startWorker({ REDIS_URL: url, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET });
    cleanups.push(() => worker.stop());

    await sink.waitForMailTo('he@example.org', 20_000);
    await waitFor(() => row()?.status === 'sent', 'the mail is recorded as sent', 20_000);
    expect(sink.mailTo('he@example.org')).toHaveLength(1);
  }, 90_000); // covers its waits: Redis and a worker starting, 20 s and 20 s

  it('hands over again, at once, what Redis held when it died and came back empty', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    let redis = await startDedicatedRedis(port);
    cleanups.push(() => redis.stop());
    const t = await startTestApp({ REDIS_URL: url, SMTP_URL: sink.url });
    cleanups.push(() => t.close());

    // No worker yet: the job waits in Redis.
    await admitViaApi(t.app, { name: 'Xu Ping', email: 'xu@example.org' });
    const row = () => emailRowTo(t.app, 'xu@example.org');
    await waitFor(() => row()?.enqueuedAt, 'the row is handed to the queue');

    // Redis dies and comes back with nothing in it.
    await redis.stop();
    redis = await startDedicatedRedis(port);
    const worker = await startWorker({ REDIS_URL: url, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET });
    cleanups.push(() => worker.stop());

    // Well before the relay's 10-minute staleness sweep would find it.
    await sink.waitForMailTo('xu@example.org', 20_000);
    await waitFor(() => row()?.status === 'sent', 'the mail is recorded as sent', 20_000);
  }, 90_000);
});

import { afterAll, expect, it } from 'vitest';
import { announcements, deliveries } from '../../src/db/schema.js';
import { addChannel, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { freePort, startDedicatedRedis, type DedicatedRedis } from '../helpers/redis-server.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const EVENTS = 100;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it(`publishes ${EVENTS} events while Redis goes down, answering 2xx each time, and delivers every announcement once Redis is back, empty`, async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const receiver = await startReceiver(() => ({ status: 200 }));
  cleanups.push(() => receiver.close());
  let redis: DedicatedRedis = await startDedicatedRedis(port);
  cleanups.push(() => redis.stop());
  const env = { REDIS_URL: url, CHANNEL_ALLOW_HOSTS: '127.0.0.1' };
  const t = await startTestApp(env);
  cleanups.push(() => t.close());
  let worker: WorkerProcess = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
  cleanups.push(() => worker.stop());
  await addChannel(t.app, { kind: 'webhook', config: { url: `${receiver.url}/outage` } });
  const probe = (path: string) => t.app.inject({ method: 'GET', url: path }).then((res) => res.statusCode);
  expect(await probe('/readyz')).toBe(200);

  // Publishing goes on (publishOnlineEvent throws unless every call answers 2xx); Redis dies a fifth of the way in.
  for (let i = 0; i < EVENTS; i++) {
    if (i === EVENTS / 5) {
      await redis.stop();
      await worker.stop('SIGKILL');
      expect(await probe('/readyz')).toBe(503);
      expect(await probe('/healthz')).toBe(200);
    }
    await publishOnlineEvent(t.app, { title: `Night ${i}` });
  }
  expect(await probe('/readyz')).toBe(503);
  expect(await probe('/healthz')).toBe(200);
  expect(t.app.db.select().from(announcements).all()).toHaveLength(EVENTS);

  // Redis comes back with nothing in it; so does a worker.
  redis = await startDedicatedRedis(port);
  worker = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
  await waitFor(async () => (await probe('/readyz')) === 200, 'ready again', 15_000);
  const sent = () => t.app.db.select().from(deliveries).all().filter((d) => d.status === 'sent');
  await waitFor(() => sent().length === EVENTS, `all ${EVENTS} announcements delivered`, 60_000);
  const titles = new Set(receiver.requests.map((r) => (r.json as { data: { title: string } }).data.title));
  expect(titles.size).toBe(EVENTS);
  for (let i = 0; i < EVENTS; i++) expect(titles.has(`Night ${i}`)).toBe(true);
}, 120_000);

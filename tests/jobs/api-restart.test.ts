import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addChannel } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { startServer, startWorker, type NodeProcess } from '../helpers/node-processes.js';
import { freePort, startDedicatedRedis } from '../helpers/redis-server.js';
import { seedMember, startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('dispatches an announcement committed just before the API process was killed, once it is restarted', async () => {
  const temp = makeTempDir('restart');
  cleanups.push(() => temp.cleanup());
  const receiver = await startReceiver(() => ({ status: 200 }));
  cleanups.push(() => receiver.close());
  const redisPort = await freePort();
  const env = {
    DATABASE_PATH: path.join(temp.dir, 'chuanglian.db'),
    SECRET_KEY: TEST_SECRET,
    PUBLIC_URL: 'http://chuanglian.test',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    CHANNEL_ALLOW_HOSTS: '127.0.0.1',
    HOST: '127.0.0.1',
  };

  // Members and a channel, written by the service on the same database file.
  const setup = await startTestApp(env);
  const organizer = seedMember(setup.app, 'organizer');
  await addChannel(setup.app, { kind: 'webhook', config: { url: `${receiver.url}/restart` } });
  await setup.app.close();

  // The API runs as its own process. Redis is not up, so nothing committed can be dispatched yet.
  const port = await freePort();
  let api: NodeProcess = await startServer({ ...env, PORT: String(port) });
  cleanups.push(() => api.stop());
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers: { ...organizer.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as { id: number; status: string } };
  };
  const draft = await call('POST', '/v1/events', { title: 'Committed, then killed', capacity: 50, onlineUrl: 'https://live.example/r', language: 'en', ...slot(3, '19:00', '20:00') });
  expect(draft.status).toBe(201);
  const published = await call('POST', `/v1/events/${draft.json.id}/publish`);
  expect(published.status).toBe(200);

  // Killed between commit and dispatch: no chance to hand anything over.
  await api.stop('SIGKILL');
  expect(receiver.requests).toHaveLength(0);

  const redis = await startDedicatedRedis(redisPort);
  cleanups.push(() => redis.stop());
  const worker = await startWorker(env);
  cleanups.push(() => worker.stop());
  api = await startServer({ ...env, PORT: String(port) });

  await waitFor(() => receiver.requests.length === 1, 'the announcement reaches the channel after the restart', 30_000);
  expect((receiver.requests[0]!.json as { data: { title: string } }).data.title).toBe('Committed, then killed');
  const deliveries = await waitFor(async () => {
    const announcements = (await call('GET', `/v1/announcements?eventId=${draft.json.id}`)).json as unknown as { items: Array<{ id: number }> };
    const page = (await call('GET', `/v1/announcements/${announcements.items[0]!.id}/deliveries`)).json as unknown as { items: Array<{ status: string }> };
    return page.items.every((d) => d.status === 'sent') && page.items;
  }, 'recorded as sent', 30_000);
  expect(deliveries).toHaveLength(1);
}, 90_000);

import { afterAll, expect, it } from 'vitest';
import { addChannel, deliveriesOf, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { freePort, startDedicatedRedis } from '../helpers/redis-server.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker } from '../helpers/worker-process.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('publishes while Redis is down, and delivers once Redis is back, empty', async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const receiver = await startReceiver(() => ({ status: 200 }));
  cleanups.push(() => receiver.close());
  const env = { REDIS_URL: url, CHANNEL_ALLOW_HOSTS: '127.0.0.1' };
  const t = await startTestApp(env);
  cleanups.push(() => t.close());

  await addChannel(t.app, { kind: 'webhook', config: { url: `${receiver.url}/outage` } });
  const { event, organizer } = await publishOnlineEvent(t.app, { title: 'Published in the dark' });
  expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().status).toBe('published');
  expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

  const redis = await startDedicatedRedis(port);
  cleanups.push(() => redis.stop());
  const worker = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
  cleanups.push(() => worker.stop());

  await waitFor(() => receiver.requests.length === 1, 'the webhook receives the announcement', 30_000);
  expect((receiver.requests[0]!.json as { data: { title: string } }).data.title).toBe('Published in the dark');
  await waitFor(async () => (await deliveriesOf(t.app, event.id, organizer.auth))[0]?.status === 'sent', 'recorded as sent', 30_000);
});

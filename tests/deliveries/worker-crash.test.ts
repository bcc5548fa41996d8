import { afterAll, beforeAll, expect, it } from 'vitest';
import { addChannel, deliveriesOf, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker } from '../helpers/node-processes.js';

const prefix = uniquePrefix('crash');
beforeAll(requireRedis);
afterAll(() => deletePrefix(prefix));

it('finishes every delivery after a worker is killed mid fan-out, and never resends what was recorded sent', async () => {
  const receiver = await startReceiver((request) => ({ status: 200, delayMs: request.path === '/slow' ? 1_500 : 0 }));
  const env = { REDIS_URL, REDIS_PREFIX: prefix, CHANNEL_ALLOW_HOSTS: '127.0.0.1', WORKER_LOCK_MS: '2000' };
  const t = await startTestApp(env);
  try {
    // One fast channel, whose delivery is done before the crash, and ten slow ones caught mid-request.
    await addChannel(t.app, { kind: 'webhook', topics: ['crash'], config: { url: `${receiver.url}/fast` } });
    for (let i = 0; i < 10; i++) await addChannel(t.app, { kind: 'webhook', topics: ['crash'], config: { url: `${receiver.url}/slow` } });
    const first = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['crash'] });
    await waitFor(async () => (await deliveriesOf(t.app, event.id, organizer.auth)).some((d) => d.status === 'sent'), 'the fast delivery recorded sent');
    await waitFor(() => receiver.requests.filter((r) => r.path === '/slow').length === 10, 'slow requests in flight');
    await first.stop('SIGKILL');

    const second = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
    try {
      const rows = await waitFor(async () => {
        const all = await deliveriesOf(t.app, event.id, organizer.auth);
        return all.length === 11 && all.every((d) => d.status === 'sent') && all;
      }, 'every delivery sent after the restart', 30_000);
      expect(rows).toHaveLength(11);
      const fast = receiver.requests.filter((r) => r.path === '/fast');
      const slow = receiver.requests.filter((r) => r.path === '/slow');
      expect(fast).toHaveLength(1); // recorded sent before the crash: never sent again
      // Duplicates are bounded by the jobs that were in flight (10), and each carries the same webhook-id.
      expect(slow.length).toBeGreaterThanOrEqual(10);
      expect(slow.length).toBeLessThanOrEqual(20);
      expect(new Set(slow.map((r) => r.headers['webhook-id'])).size).toBe(10);
    } finally {
      await second.stop();
    }
  } finally {
    await t.close();
    await receiver.close();
  }
}, 120_000); // covers its waits: two worker starts (20 s each) and 30 s

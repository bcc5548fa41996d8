import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOTICES_AT_ONCE } from '../../jobs/senders/send-notices.js';
import { deliveries, subscribers } from '../../src/db/schema.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { seedConfirmedSubscribers } from '../helpers/subscriber-fixtures.js';
import { startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker } from '../helpers/node-processes.js';

const SUBSCRIBERS = 5_000;
const CONCURRENCY = 4;

const prefix = uniquePrefix('crash-notices');
beforeAll(requireRedis);
afterAll(() => deletePrefix(prefix));

it(`finishes a ${SUBSCRIBERS}-subscriber fan-out after its worker is killed; duplicates stay within the jobs in flight, none for notices recorded sent`, async () => {
  // Each mail is held a moment, so the kill lands with groups of notices mid-send.
  const sink = await startSmtpSink({ delayMs: 5 });
  const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: String(CONCURRENCY) };
  const t = await startTestApp(env);
  try {
    const emails = seedConfirmedSubscribers(t.app.db, SUBSCRIBERS, 'crash');
    const sentIds = () => t.app.db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.status, 'sent')).all().map((d) => d.id);
    const first = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
    await publishOnlineEvent(t.app, { title: 'Crash night' });
    await waitFor(() => sentIds().length >= SUBSCRIBERS / 4, 'a quarter recorded sent', 60_000);
    await first.stop('SIGKILL');
    const sentBeforeKill = new Set(sentIds());
    expect(sentBeforeKill.size).toBeLessThan(SUBSCRIBERS);

    const second = await startWorker({ ...env, SECRET_KEY: TEST_SECRET });
    try {
      await waitFor(() => sentIds().length === SUBSCRIBERS, 'every notice recorded sent after the restart', 90_000);
      const counts = sink.countsByRecipient();
      const rows = t.app.db.select({ id: deliveries.id, email: subscribers.email }).from(deliveries).innerJoin(subscribers, eq(subscribers.id, deliveries.targetId)).all();
      const emailOf = new Map(rows.map((row) => [row.id, row.email]));
      // Everyone got their notice; nobody recorded sent before the kill got a second one.
      for (const email of emails) expect(counts.get(email) ?? 0, email).toBeGreaterThanOrEqual(1);
      for (const id of sentBeforeKill) expect(counts.get(emailOf.get(id)!), emailOf.get(id)).toBe(1);
      // Duplicates: at most the groups in flight when the worker died (jobs × notices sent at once).
      const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY * NOTICES_AT_ONCE);
      console.info(`worker crash: ${sentBeforeKill.size} recorded sent before the kill, ${duplicates} duplicate mails after it`);
      // Every delivery records its attempt.
      expect(t.app.db.select({ n: sql<number>`count(*)` }).from(deliveries).where(eq(deliveries.attempts, 0)).get()!.n).toBe(0);
    } finally {
      await second.stop();
    }
  } finally {
    await t.close();
    await sink.close();
  }
}, 240_000); // covers its waits: two worker starts (20 s each), 60 s and 90 s

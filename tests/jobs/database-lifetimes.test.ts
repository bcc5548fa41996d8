import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { databaseLifetime } from '../../src/db/database-identity.js';
import { backupDatabase, openDatabase, restoreDatabase } from '../../src/db/database.js';
import { deliveries } from '../../src/db/schema.js';
import { addChannel, publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startReceiver } from '../helpers/http-receiver.js';
import { startWorker } from '../helpers/node-processes.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { admitViaApi, emailRowTo, TEST_SECRET, testEnv } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Job ids derive from row ids. A database that is new, or restored from a backup, reuses row ids
 * whose jobs an earlier database left finished in Redis (kept for a day or a week): BullMQ would
 * take the new jobs for duplicates and drop them. Each database lifetime names its jobs apart.
 */
const prefix = uniquePrefix('lifetimes');
const temp = makeTempDir('lifetimes');
let sink: SmtpSink;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let env: Record<string, string>;

beforeAll(async () => {
  await requireRedis();
  sink = await startSmtpSink();
  receiver = await startReceiver(() => ({ status: 200 }));
  env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, CHANNEL_ALLOW_HOSTS: '127.0.0.1' };
  await startWorker({ ...env, SECRET_KEY: TEST_SECRET }); // stopped after the file's tests
});

afterAll(async () => {
  await sink?.close();
  await receiver?.close();
  await deletePrefix(prefix);
  temp.cleanup();
});

async function startAppIn(folder: string): Promise<App> {
  const app = await buildApp({ config: loadConfig(testEnv(path.join(temp.dir, folder), env)) });
  await app.ready();
  return app;
}

/** Admits people; every welcome mail must arrive and be recorded sent. */
async function admitAndExpectMail(app: App, emails: string[]) {
  for (const email of emails) await admitViaApi(app, { name: 'Someone', email, language: 'en' });
  for (const email of emails) {
    await sink.waitForMailTo(email, 20_000);
    await waitFor(() => emailRowTo(app, email)?.status === 'sent', `the mail to ${email} recorded sent`, 20_000);
  }
}

/** Publishes an event to a webhook channel; its delivery must reach the receiver and be recorded sent. */
async function publishAndExpectDelivery(app: App, topic: string) {
  await addChannel(app, { kind: 'webhook', topics: [topic], config: { url: `${receiver.url}/${topic}` } });
  const { event } = await publishOnlineEvent(app, { topics: [topic] });
  await waitFor(() => receiver.requests.some((r) => r.path === `/${topic}`), `the delivery for ${topic}`, 20_000);
  await waitFor(() => app.db.select().from(deliveries).where(eq(deliveries.status, 'sent')).all().length > 0, 'recorded sent', 20_000);
  return event;
}

describe('databases in turn on one Redis', () => {
  it('gives a new database its own lifetime; its first mails and deliveries arrive although an earlier one used the same row ids', async () => {
    const first = await startAppIn('first');
    await admitAndExpectMail(first, ['a1@lifetime.example', 'a2@lifetime.example', 'a3@lifetime.example']);
    await publishAndExpectDelivery(first, 'first');
    const firstLifetime = databaseLifetime(first.db);
    await first.close();

    const second = await startAppIn('second');
    try {
      expect(databaseLifetime(second.db)).not.toBe(firstLifetime);
      await admitAndExpectMail(second, ['b1@lifetime.example', 'b2@lifetime.example', 'b3@lifetime.example']);
      await publishAndExpectDelivery(second, 'second');
    } finally {
      await second.close();
    }
  }, 120_000);

  it('after a restore from a backup, the rows that reuse ids of newer, finished jobs still go out', async () => {
    const app = await startAppIn('restored');
    const file = path.join(temp.dir, 'backup.db');
    const databasePath = app.config.databasePath;
    await admitAndExpectMail(app, ['r1@lifetime.example']);
    await backupDatabase(databasePath, file);
    // After the backup the database goes on: these jobs finish and stay in Redis.
    await admitAndExpectMail(app, ['r2@lifetime.example', 'r3@lifetime.example']);
    await publishAndExpectDelivery(app, 'before-restore');
    const lifetimeBefore = databaseLifetime(app.db);
    await app.close();

    restoreDatabase(file, databasePath);
    const db = openDatabase(databasePath);
    expect(databaseLifetime(db)).not.toBe(lifetimeBefore);
    db.$client.close();

    const restored = await startAppIn('restored');
    try {
      // The same row ids as r2, r3 and the delivery above, now for other people.
      await admitAndExpectMail(restored, ['r4@lifetime.example', 'r5@lifetime.example']);
      await publishAndExpectDelivery(restored, 'after-restore');
    } finally {
      await restored.close();
    }
  }, 120_000);
});

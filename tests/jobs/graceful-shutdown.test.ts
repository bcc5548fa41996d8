import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { emails } from '../../src/db/schema.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { admitViaApi, emailRowTo, seedMember, startTestApp, TEST_SECRET } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker } from '../helpers/node-processes.js';

const prefix = uniquePrefix('shutdown');
beforeAll(requireRedis);
afterAll(() => deletePrefix(prefix));

/** Admits a member through the API; resolves when the SMTP server starts receiving their mail. */
async function admitAndWaitUntilSending(t: Awaited<ReturnType<typeof startTestApp>>, sink: Awaited<ReturnType<typeof startSmtpSink>>, email: string) {
  const coordinator = seedMember(t.app, 'coordinator');
  // The coordinator's own welcome mail goes first; wait for it so the next data-start is ours.
  await sink.waitForMailTo(coordinator.member.email);
  const started = once(sink.events, 'data-start');
  await admitViaApi(t.app, { name: 'Ma Lin', email }, coordinator);
  await started;
}

describe('graceful shutdown leaves no job half-done', () => {
  it('inline: closing the app waits for the mail being sent and records it', async () => {
    const sink = await startSmtpSink({ delayMs: 800 });
    const t = await startTestApp({ SMTP_URL: sink.url });
    await admitAndWaitUntilSending(t, sink, 'inline@example.org');

    await t.app.close(); // while the SMTP server is still holding the message
    expect(sink.mailTo('inline@example.org')).toHaveLength(1);
    const db = openDatabase(t.config.databasePath);
    expect(db.select().from(emails).where(eq(emails.toAddress, 'inline@example.org')).get()).toMatchObject({ status: 'sent', attempts: 1 });
    db.$client.close();
    await t.close().catch(() => {});
    await sink.close();
  });

  it('BullMQ: SIGTERM lets the worker finish its mail and report it before exiting', async () => {
    const sink = await startSmtpSink({ delayMs: 1_500 });
    const t = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url });
    const worker = await startWorker({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET });
    try {
      await admitAndWaitUntilSending(t, sink, 'bullmq@example.org');
      const exitCode = await worker.stop('SIGTERM');
      expect(exitCode).toBe(0);
      expect(worker.output()).toContain('worker stopped');
      expect(sink.mailTo('bullmq@example.org')).toHaveLength(1);
      await waitFor(() => emailRowTo(t.app, 'bullmq@example.org')?.status === 'sent', 'the API process records the outcome the worker reported');
    } finally {
      await worker.stop();
      await t.close();
      await sink.close();
    }
  });
});

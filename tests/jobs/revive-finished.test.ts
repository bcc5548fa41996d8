import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseLifetime } from '../../src/db/database-identity.js';
import { jobIds } from '../../src/queue/catalogue.js';
import { testClock } from '../../src/time/clock.js';
import { startWorker } from '../helpers/node-processes.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { admitViaApi, emailRowTo, startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A row whose job finished in Redis without its outcome reaching the database (a report lost,
 * or a job of another database under the same id) would wait forever: re-adding the same job id
 * is a no-op. The relay notices such a row once it has waited past the staleness window and
 * hands it over again under the next generation of its job id.
 */
const prefix = uniquePrefix('revive');
let sink: SmtpSink;
let t: TestApp;
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });

beforeAll(async () => {
  await requireRedis();
  sink = await startSmtpSink();
  t = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
  connection.disconnect();
  await deletePrefix(prefix);
  testClock.reset();
});

it('hands over again a row whose job finished without an outcome, under a new job id, and it is delivered', async () => {
  await admitViaApi(t.app, { name: 'Qian Yu', email: 'qian@example.org' });
  const row = () => emailRowTo(t.app, 'qian@example.org')!;
  await waitFor(() => row().enqueuedAt, 'the mail handed to the queue');
  const jobId = `db${databaseLifetime(t.app.db)}-${jobIds.sendEmail(row().id)}`;

  // Something takes the job and finishes it without reporting (the report is lost).
  const queue = new Queue('send', { connection, prefix });
  const rogue = new Worker('send', async () => undefined, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
  try {
    await waitFor(async () => (await queue.getJobState(jobId)) === 'completed', 'the job finished without an outcome');
  } finally {
    await rogue.close();
  }
  expect(row().status).toBe('pending');

  // Within the staleness window nothing changes: the outcome may still be on its way.
  await t.app.outbox.flush();
  expect(await queue.getJobState(`${jobId}-g1`)).toBe('unknown');

  // Past it, the relay revives the row's job under its next generation; a worker sends it.
  testClock.advance(11 * 60_000);
  await t.app.outbox.flush();
  expect(await queue.getJobState(`${jobId}-g1`)).toBe('waiting');
  await t.app.outbox.flush(); // handing it over again is a no-op while that generation waits
  expect((await queue.getJobs(['waiting'])).filter((job) => job.id?.startsWith(jobId))).toHaveLength(1);
  await startWorker({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET });
  await sink.waitForMailTo('qian@example.org', 20_000);
  await waitFor(() => row().status === 'sent', 'recorded sent', 20_000);
  expect(sink.mailTo('qian@example.org')).toHaveLength(1);
  await queue.close();
}, 90_000);

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { jobIds } from '../../src/queue/catalogue.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { admitViaApi, emailRowTo, startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWorker, type WorkerProcess } from '../helpers/node-processes.js';

const prefix = uniquePrefix('welcome-bullmq');
let sink: SmtpSink;
let t: TestApp;
let worker: WorkerProcess;
const workerDir = makeTempDir('worker');
// The worker is told of a database it must never open: senders need only Redis and SMTP.
const forbiddenDb = path.join(workerDir.dir, 'must-not-exist', 'chuanglian.db');

beforeAll(async () => {
  await requireRedis();
  sink = await startSmtpSink();
  t = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url });
  worker = await startWorker({ REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET, DATABASE_PATH: forbiddenDb });
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await sink?.close();
  await deletePrefix(prefix);
  workerDir.cleanup();
});

const row = (address: string) => emailRowTo(t.app, address);
const admit = (email: string) => admitViaApi(t.app, { name: 'Sun Mei', email, language: 'en' });

describe('welcome mail on BullMQ with npm run worker', () => {
  it('is sent by the worker process and recorded as sent by the API process', async () => {
    expect(t.app.jobs.kind).toBe('bullmq');
    await admit('sun@example.org');
    const mail = await sink.waitForMailTo('sun@example.org');
    expect(mail.subject).toBe('Welcome to chuanglian, Sun Mei');
    const sent = await waitFor(() => row('sun@example.org')?.status === 'sent' && row('sun@example.org'), 'row recorded as sent');
    expect(sent.attempts).toBe(1);
    expect(fs.existsSync(path.dirname(forbiddenDb))).toBe(false);
  });

  it('treats enqueuing the same row again as a no-op', async () => {
    await admit('once@example.org');
    await sink.waitForMailTo('once@example.org');
    const sent = await waitFor(() => row('once@example.org')?.status === 'sent' && row('once@example.org'), 'row sent');

    // Add the very same job again, and make the relay hand the row over again as after Redis came
    // back (a row handed over a moment ago: not yet a candidate for revival, see revive-finished.test.ts).
    await t.app.jobs.add('send', 'send-email', { emailId: sent.id, to: sent.toAddress, subject: sent.subject, text: sent.text }, { jobId: jobIds.sendEmail(sent.id) });
    t.app.db.update(emails).set({ status: 'pending', enqueuedAt: new Date(Date.now() - 1_000) }).where(eq(emails.id, sent.id)).run();
    t.app.outbox.kick(true);
    await t.app.outbox.flush();
    t.app.db.update(emails).set({ status: 'sent' }).where(eq(emails.id, sent.id)).run();

    // A later mail arriving shows the queue moved past any duplicate.
    await admit('later@example.org');
    await sink.waitForMailTo('later@example.org');
    expect(sink.mailTo('once@example.org')).toHaveLength(1);
  });

  it('reports Redis in /readyz', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.json()).toMatchObject({ status: 'ready', checks: { database: 'up', redis: 'up' }, outbox: { oldestUnsentSeconds: expect.toBeOneOf([null, expect.any(Number)]) } });
  });

  it('refuses to start a worker without REDIS_URL, saying why', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Configuration error: REDIS_URL must be set for npm run worker (without it, npm start sends everything itself).');
  });
});

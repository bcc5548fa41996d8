import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerSenders } from './senders/index.js';
import { createMailer } from '../src/mail/mailer.js';
import { databaseLifetime } from '../src/db/database-identity.js';
import { ownWrites } from '../src/db/write-stamp.js';
import { planNextDigest } from '../src/subscribers/weekly-digest.js';
import { planNextRetention } from '../src/privacy/retention.js';
import { backupSettings, planNextBackup } from '../src/backups/nightly-backups.js';
import { outboxSources, registerDatabaseJobs } from './database/index.js';
import { InlineDriver } from '../src/queue/inline-driver.js';
import { jobMetrics } from '../src/queue/job-metrics.js';
import { OutboxRelay } from '../src/queue/outbox/outbox-relay.js';
import { RequestPressure } from '../src/queue/request-pressure.js';
import type { QueueDriver } from '../src/queue/queue-driver.js';
import { nowMs } from '../src/time/clock.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: QueueDriver;
    outbox: OutboxRelay;
    /** Stops the relay, lets running jobs finish, then releases connections. app.ts calls it on close. */
    stopJobs(): Promise<void>;
    /** When requests leave room for work that can wait (src/queue/request-pressure.ts). */
    requestPressure: RequestPressure;
  }
}

/**
 * The API process's side of the jobs: the outbox relay and the recorders of sender outcomes,
 * which are the jobs that touch the database. Senders run in `npm run worker` processes when
 * REDIS_URL is set, and here, inline, when it is not.
 */
export const jobsPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, db } = app;
    const retry = { attempts: config.jobAttempts, backoffMs: config.jobBackoffMs };
    // BullMQ and ioredis are loaded only with Redis: the embedded start-up need not pay for them.
    const driver: QueueDriver = config.redisUrl
      ? new (await import('../src/queue/bullmq-driver.js')).BullmqDriver({ redisUrl: config.redisUrl, prefix: config.redisPrefix, retry, log: app.log, jobIdPrefix: `db${databaseLifetime(db)}` })
      : new InlineDriver(retry, app.log);


    const mailer = driver.kind === 'inline' ? createMailer({ smtpUrl: config.smtpUrl, mailDir: config.mailDir, from: config.mailFrom }) : undefined;
    if (mailer) registerSenders(driver, { mailer, secretKey: app.secretKey, config });

    // Handing rows to the queue and running inline jobs wait for a pause in the requests.
    const pressure = new RequestPressure();
    app.decorate('requestPressure', pressure);
    if (driver instanceof InlineDriver) driver.yieldTo((work) => pressure.whenQuiet(work));
    const relay = new OutboxRelay(
      driver,
      outboxSources(db, {
        publicUrl: config.publicUrl,
        unsubscribeMailto: config.unsubscribeMailto,
        attempts: config.deliveryAttempts,
        backoffMs: config.deliveryBackoffMs,
      }, config),
      { sweepMs: config.outboxSweepMs, log: app.log, whenQuiet: (work) => pressure.whenQuiet(work) });
    const digest = { ...app.deps, unsubscribeMailto: config.unsubscribeMailto, digestWeekday: config.digestWeekday, digestTime: config.digestTime };
    registerDatabaseJobs(driver, db, () => relay.kick(), { bounceLimit: config.bounceLimit, reminderBeforeMs: config.reminderBeforeMs, feedbackAfterMs: config.feedbackAfterMs, reservationReminderMs: config.greenChannelReminderBeforeMs, digest, retention: config.privacy, backups: backupSettings(config), links: app.deps, delivery: { attempts: config.deliveryAttempts, backoffMs: config.deliveryBackoffMs } });
    planNextDigest(db, nowMs(), digest);
    planNextRetention(db, nowMs());
    planNextBackup(db, backupSettings(config), nowMs());
    // Redis may come back empty after an outage: hand every unfinished row over again (no-op for jobs it kept).
    driver.onReconnect(() => {
      app.log.warn('Redis is back: handing unfinished outbox rows to the queue again');
      relay.kick(true);
    });
    driver.metrics = jobMetrics(app.metrics, () => driver.counts());
    app.decorate('jobs', driver);
    app.decorate('outbox', relay);
    app.decorate('stopJobs', async () => {
      await relay.stop();
      await driver.close();
      mailer?.close();
    });
    app.addHook('onReady', async () => relay.start());
    // The one after-commit hook: a request that wrote has committed by the time its answer is
    // sent, so the relay looks for new outbox rows then, rather than waiting for its sweep. Only
    // when the database changed while it ran (SQLite's total_changes()): a relay run queries every
    // outbox, too much to spend on each refused or read-only request. Another request's write in
    // between kicks it too (harmless); a missed kick would only wait for the sweep.
    const changesAtStart = new WeakMap<object, number>();
    // Callback hooks, not async ones: they run on every request, and a promise each is measurable (#36).
    app.addHook('onRequest', (request, _reply, done) => {
      pressure.began();
      if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') changesAtStart.set(request, ownWrites(db));
      done();
    });
    app.addHook('onResponse', (request, _reply, done) => {
      const before = changesAtStart.get(request);
      if (before !== undefined && ownWrites(db) !== before) relay.kick();
      done();
    });
    app.log.info({ driver: driver.kind }, driver.kind === 'bullmq' ? 'jobs run on BullMQ; start senders with npm run worker' : 'jobs run inline');
  },
  { name: 'jobs', dependencies: ['config', 'database', 'metrics', 'services'] },
);

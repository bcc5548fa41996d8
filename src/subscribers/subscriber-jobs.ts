import type { Db } from '../db/database.js';
import { digestRuns } from '../db/schema.js';
import { planNextDigest, sendDigests, type DigestSettings } from './weekly-digest.js';
import { DIGEST_WAITING, findDigestRun, finishDigestRun } from './subscribers-dal.js';
import { nowDate, nowMs } from '../time/clock.js';
import { jobIds, type SendDigestJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/** One delayed job per planned digest run (the next one is planned when a run is done). */
export function digestSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'weekly-digest',
    table: digestRuns,
    id: digestRuns.id,
    dueAt: digestRuns.dueAt,
    enqueuedAt: digestRuns.enqueuedAt,
    waiting: DIGEST_WAITING,
    job: { name: 'send-digest', data: (runId) => ({ runId }), jobId: jobIds.sendDigest },
  });
}

export function sendDigestProcessor(db: Db, settings: DigestSettings, wroteOutbox: () => void): Processor<SendDigestJob> {
  return async ({ runId }, ctx) => {
    const run = findDigestRun(db, runId);
    if (!run || run.doneAt || !(await waitUntilDue(run.dueAt))) return;
    const mailed = sendDigests(db, settings, nowMs());
    finishDigestRun(db, runId, nowDate());
    planNextDigest(db, run.dueAt.getTime(), settings);
    ctx.log.info({ runId, mailed }, 'weekly digest sent');
    wroteOutbox();
  };
}

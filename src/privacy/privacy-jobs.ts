import type { Db } from '../db/database.js';
import { erasures } from '../db/schema.js';
import { eraseExpired, planNextRetention, type RetentionSettings } from './retention.js';
import { findErasure, finishErasure, RETENTION_WAITING } from './privacy-dal.js';
import { nowDate } from '../time/clock.js';
import { jobIds, type EraseExpiredJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/** One delayed job per planned retention run (the next night's is planned when a run is done). */
export function retentionSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'retention',
    table: erasures,
    id: erasures.id,
    dueAt: erasures.dueAt,
    enqueuedAt: erasures.enqueuedAt,
    waiting: RETENTION_WAITING,
    job: { name: 'erase-expired', data: (runId) => ({ runId }), jobId: jobIds.eraseExpired },
  });
}

export function eraseExpiredProcessor(db: Db, settings: RetentionSettings): Processor<EraseExpiredJob> {
  return async ({ runId }, ctx) => {
    const run = findErasure(db, runId);
    if (!run?.dueAt || run.doneAt || !(await waitUntilDue(run.dueAt))) return;
    const done = nowDate();
    const counts = eraseExpired(db, settings, done.getTime());
    finishErasure(db, runId, counts, done);
    planNextRetention(db, Math.max(run.dueAt.getTime(), done.getTime()));
    // Counts only: what was erased is never logged.
    ctx.log.info({ runId, ...counts }, 'personal data past its retention period erased');
  };
}

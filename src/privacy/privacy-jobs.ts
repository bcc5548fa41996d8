import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { erasures } from '../db/schema.js';
import { eraseExpired, planNextRetention, type RetentionSettings } from './retention.js';
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
    waiting: and(eq(erasures.reason, 'retention'), isNull(erasures.doneAt))!,
    job: { name: 'erase-expired', data: (runId) => ({ runId }), jobId: jobIds.eraseExpired },
  });
}

export function eraseExpiredProcessor(db: Db, settings: RetentionSettings): Processor<EraseExpiredJob> {
  return async ({ runId }, ctx) => {
    const run = db.select().from(erasures).where(eq(erasures.id, runId)).get();
    if (!run?.dueAt || run.doneAt || !(await waitUntilDue(run.dueAt))) return;
    const done = nowDate();
    const counts = eraseExpired(db, settings, done.getTime());
    db.update(erasures).set({ counts, doneAt: done }).where(eq(erasures.id, runId)).run();
    planNextRetention(db, Math.max(run.dueAt.getTime(), done.getTime()));
    // Counts only: what was erased is never logged.
    ctx.log.info({ runId, ...counts }, 'personal data past its retention period erased');
  };
}

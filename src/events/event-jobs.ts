import type { Db } from '../db/database.js';
import { events } from '../db/schema.js';
import { jobIds, type CompleteEventJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';
import { nowDate } from '../time/clock.js';
import { completionState, markCompleted, PUBLISHED } from './events-dal.js';

/** An event's jobs (the API process runs them; jobs/database/index.ts registers them). */

/** Each published event gets one delayed job at its end, which marks it completed. */
export function eventCompletionSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'event-completion',
    table: events,
    id: events.id,
    dueAt: events.endAt,
    enqueuedAt: events.completionEnqueuedAt,
    waiting: PUBLISHED,
    job: { name: 'complete-event', data: (eventId) => ({ eventId }), jobId: jobIds.completeEvent },
  });
}

/** Marks a published event completed once it has ended; anything else is left alone. */
export function completeEventProcessor(db: Db): Processor<CompleteEventJob> {
  return async ({ eventId }, ctx) => {
    const row = completionState(db, eventId);
    if (row?.status !== 'published' || !(await waitUntilDue(row.endAt))) return;
    if (markCompleted(db, eventId, nowDate())) ctx.log.info({ eventId }, 'event completed');
  };
}

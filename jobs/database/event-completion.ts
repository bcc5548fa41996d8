import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { events } from '../../src/db/schema.js';
import { jobIds, type CompleteEventJob } from '../../src/queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../../src/queue/outbox/due-time-source.js';
import type { OutboxSource } from '../../src/queue/outbox/outbox-relay.js';
import type { Processor } from '../../src/queue/queue-driver.js';
import { nowDate } from '../../src/time/clock.js';

/** Each published event gets one delayed job at its end, which marks it completed. */
export function eventCompletionSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'event-completion',
    table: events,
    id: events.id,
    dueAt: events.endAt,
    enqueuedAt: events.completionEnqueuedAt,
    waiting: eq(events.status, 'published'),
    job: { name: 'complete-event', data: (eventId) => ({ eventId }), jobId: jobIds.completeEvent },
  });
}

/** Marks a published event completed once it has ended; anything else is left alone. */
export function completeEventProcessor(db: Db): Processor<CompleteEventJob> {
  return async ({ eventId }, ctx) => {
    const row = db.select({ status: events.status, endAt: events.endAt }).from(events).where(eq(events.id, eventId)).get();
    if (row?.status !== 'published' || !(await waitUntilDue(row.endAt))) return;
    const now = nowDate();
    const done = db
      .update(events)
      .set({ status: 'completed', updatedAt: now, picturesEnqueuedAt: null })
      .where(and(eq(events.id, eventId), eq(events.status, 'published'), lte(events.endAt, now)))
      .run();
    if (done.changes > 0) ctx.log.info({ eventId }, 'event completed');
  };
}

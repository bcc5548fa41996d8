import type { Db } from '../db/database.js';
import { events } from '../db/schema.js';
import { requestFeedback } from './feedback-service.js';
import { eventRecord, FEEDBACK_WAITING } from '../events/events-service.js';
import type { LinkDeps } from '../registrations/registration-links.js';
import { jobIds, type RequestFeedbackJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/** Each held event gets one delayed job FEEDBACK_AFTER its end; moving the end reschedules it. */
export function feedbackSource(db: Db, feedbackAfterMs: number): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'feedback-requests',
    table: events,
    id: events.id,
    dueAt: events.endAt,
    leadMs: -feedbackAfterMs,
    enqueuedAt: events.feedbackEnqueuedAt,
    waiting: FEEDBACK_WAITING,
    job: { name: 'request-feedback', data: (eventId) => ({ eventId }), jobId: jobIds.requestFeedback },
  });
}

/** Mails the event's checked-in attendees the survey (once ever; never for a cancelled event). */
export function requestFeedbackProcessor(db: Db, links: LinkDeps, feedbackAfterMs: number, wroteOutbox: () => void): Processor<RequestFeedbackJob> {
  return async ({ eventId }, ctx) => {
    const event = eventRecord({ db }, eventId);
    if (!event || !(await waitUntilDue(new Date(event.endAt.getTime() + feedbackAfterMs)))) return;
    const asked = requestFeedback({ db, ...links }, eventId);
    if (asked > 0) {
      ctx.log.info({ eventId, asked }, 'feedback requested');
      wroteOutbox();
    }
  };
}

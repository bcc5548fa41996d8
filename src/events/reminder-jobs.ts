import { writeAnnouncement } from '../announcements/announcements.js';
import type { Db } from '../db/database.js';
import { events } from '../db/schema.js';
import { jobIds, type SendReminderJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';
import { nowMs } from '../time/clock.js';
import { findEventRow, PUBLISHED } from './events-dal.js';

/** Each published event gets one delayed job, REMINDER_BEFORE its start; moving the event reschedules it. */
export function reminderSource(db: Db, reminderBeforeMs: number): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'event-reminders',
    table: events,
    id: events.id,
    dueAt: events.startAt,
    leadMs: reminderBeforeMs,
    enqueuedAt: events.reminderEnqueuedAt,
    waiting: PUBLISHED,
    job: { name: 'send-reminder', data: (eventId) => ({ eventId }), jobId: jobIds.sendReminder },
  });
}

/**
 * Writes the event's reminder announcement, which the fan-out sends to its registered attendees
 * and to subscribers who asked for reminders. One per event, ever (sequence 0 of kind reminder),
 * and none for a cancelled event or one that has started.
 */
export function sendReminderProcessor(db: Db, reminderBeforeMs: number, wroteOutbox: () => void): Processor<SendReminderJob> {
  return async ({ eventId }, ctx) => {
    const event = findEventRow(db, eventId);
    if (event?.status !== 'published' || !(await waitUntilDue(new Date(event.startAt.getTime() - reminderBeforeMs)))) return;
    if (event.startAt.getTime() <= nowMs()) return;
    writeAnnouncement(db, eventId, 'reminder', 0);
    ctx.log.info({ eventId }, 'reminder announced');
    wroteOutbox();
  };
}

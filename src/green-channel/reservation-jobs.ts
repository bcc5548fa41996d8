import { releaseLapsedReservation, sendReservationChangeMail } from './reservation-changes.js';
import type { Db } from '../db/database.js';
import { reservations } from '../db/schema.js';
import { claimReminder, findCentre, findItem, findReservation, markNoShow, reservationWaits } from './green-channel-dal.js';
import { queueEmail } from '../mail/email-outbox.js';
import { reservationMail } from './reservation-mails.js';
import { nowDate, nowMs } from '../time/clock.js';
import { jobIds, type ReservationJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/**
 * Each confirmed reservation is reminded GREEN_CHANNEL_REMINDER_BEFORE its slot, once; a move
 * reschedules it. One made (or moved) less than that ahead is not: its confirmation has just said it.
 */
export function reservationReminderSource(db: Db, reminderBeforeMs: number): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'reservation-reminders',
    table: reservations,
    id: reservations.id,
    dueAt: reservations.startAt,
    leadMs: reminderBeforeMs,
    enqueuedAt: reservations.reminderEnqueuedAt,
    waiting: reservationWaits.reminder(reminderBeforeMs),
    job: { name: 'remind-reservation', data: (reservationId) => ({ reservationId }), jobId: jobIds.remindReservation },
  });
}

export function remindReservationProcessor(db: Db, links: { secretKey: string; publicUrl: string }, reminderBeforeMs: number, wroteOutbox: () => void): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = findReservation(db, reservationId);
    if (!row || row.status !== 'confirmed' || row.remindedAt || !(await waitUntilDue(new Date(row.startAt.getTime() - reminderBeforeMs)))) return;
    if (row.startAt.getTime() <= nowMs()) return;
    const item = findItem(db, row.itemId)!;
    const centre = findCentre(db, row.centreId)!;
    db.transaction((tx) => {
      if (claimReminder(tx, reservationId, nowDate())) queueEmail(tx, 'reservation-reminder', reservationMail(links, row, item, centre, 'reminder'));
    });
    wroteOutbox();
  };
}

/** Each reservation still only confirmed when its slot ends becomes a no-show. */
export function noShowSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'reservation-no-shows',
    table: reservations,
    id: reservations.id,
    dueAt: reservations.endAt,
    enqueuedAt: reservations.noShowEnqueuedAt,
    waiting: reservationWaits.confirmed,
    job: { name: 'mark-no-show', data: (reservationId) => ({ reservationId }), jobId: jobIds.markNoShow },
  });
}

export function markNoShowProcessor(db: Db): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = findReservation(db, reservationId);
    if (row?.status !== 'confirmed' || !(await waitUntilDue(row.endAt))) return;
    markNoShow(db, reservationId, nowDate());
  };
}

/** Each held reservation gets one delayed job at the end of its hold (RESERVATION_HOLD). */
export function reservationHoldSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'reservation-holds',
    table: reservations,
    id: reservations.id,
    dueAt: reservations.holdExpiresAt,
    enqueuedAt: reservations.holdEnqueuedAt,
    waiting: reservationWaits.held,
    job: { name: 'expire-reservation-hold', data: (reservationId) => ({ reservationId }), jobId: jobIds.expireReservationHold },
  });
}

/** Frees the seat of a reservation nobody confirmed in time. */
export function expireReservationHoldProcessor(db: Db): Processor<ReservationJob> {
  return async ({ reservationId }, ctx) => {
    const row = findReservation(db, reservationId);
    if (row?.status !== 'held' || !row.holdExpiresAt || !(await waitUntilDue(row.holdExpiresAt))) return;
    if (releaseLapsedReservation({ db }, reservationId)) ctx.log.info({ reservationId }, 'reservation hold lapsed: the seat is free again');
  };
}

/** A moved reservation's one mail, UPDATE_SETTLE after its first move (later moves fold in). */
export function reservationChangeSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'reservation-changes',
    table: reservations,
    id: reservations.id,
    dueAt: reservations.changeMailDueAt,
    enqueuedAt: reservations.changeMailEnqueuedAt,
    waiting: reservationWaits.changeMail,
    job: { name: 'send-reservation-change', data: (reservationId) => ({ reservationId }), jobId: jobIds.sendReservationChange },
  });
}

export function sendReservationChangeProcessor(db: Db, links: { secretKey: string; publicUrl: string }, wroteOutbox: () => void): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = findReservation(db, reservationId);
    if (!row?.changeMailDueAt || !(await waitUntilDue(row.changeMailDueAt))) return;
    if (sendReservationChangeMail({ ...links, db }, reservationId)) wroteOutbox();
  };
}

import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { releaseLapsedReservation, sendReservationChangeMail } from './reservation-changes.js';
import type { Db } from '../db/database.js';
import { reservations, serviceCentres, serviceItems } from '../db/schema.js';
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
    waiting: and(eq(reservations.status, 'confirmed'), isNull(reservations.remindedAt), sql`${reservations.updatedAt} < ${reservations.startAt} - ${reminderBeforeMs}`)!,
    job: { name: 'remind-reservation', data: (reservationId) => ({ reservationId }), jobId: jobIds.remindReservation },
  });
}

export function remindReservationProcessor(db: Db, links: { secretKey: string; publicUrl: string }, reminderBeforeMs: number, wroteOutbox: () => void): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = db.select().from(reservations).where(eq(reservations.id, reservationId)).get();
    if (!row || row.status !== 'confirmed' || row.remindedAt || !(await waitUntilDue(new Date(row.startAt.getTime() - reminderBeforeMs)))) return;
    if (row.startAt.getTime() <= nowMs()) return;
    const item = db.select().from(serviceItems).where(eq(serviceItems.id, row.itemId)).get()!;
    const centre = db.select().from(serviceCentres).where(eq(serviceCentres.id, row.centreId)).get()!;
    db.transaction((tx) => {
      const claimed = tx.update(reservations).set({ remindedAt: nowDate() }).where(and(eq(reservations.id, reservationId), isNull(reservations.remindedAt), eq(reservations.status, 'confirmed'))).run();
      if (claimed.changes) queueEmail(tx, 'reservation-reminder', reservationMail(links, row, item, centre, 'reminder'));
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
    waiting: eq(reservations.status, 'confirmed'),
    job: { name: 'mark-no-show', data: (reservationId) => ({ reservationId }), jobId: jobIds.markNoShow },
  });
}

export function markNoShowProcessor(db: Db): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = db.select({ endAt: reservations.endAt, status: reservations.status }).from(reservations).where(eq(reservations.id, reservationId)).get();
    if (row?.status !== 'confirmed' || !(await waitUntilDue(row.endAt))) return;
    const now = nowDate();
    db.update(reservations).set({ status: 'no_show', updatedAt: now }).where(and(eq(reservations.id, reservationId), eq(reservations.status, 'confirmed'))).run();
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
    waiting: eq(reservations.status, 'held'),
    job: { name: 'expire-reservation-hold', data: (reservationId) => ({ reservationId }), jobId: jobIds.expireReservationHold },
  });
}

/** Frees the seat of a reservation nobody confirmed in time. */
export function expireReservationHoldProcessor(db: Db): Processor<ReservationJob> {
  return async ({ reservationId }, ctx) => {
    const row = db.select({ status: reservations.status, holdExpiresAt: reservations.holdExpiresAt }).from(reservations).where(eq(reservations.id, reservationId)).get();
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
    waiting: and(eq(reservations.status, 'confirmed'), isNotNull(reservations.changeMailDueAt))!,
    job: { name: 'send-reservation-change', data: (reservationId) => ({ reservationId }), jobId: jobIds.sendReservationChange },
  });
}

export function sendReservationChangeProcessor(db: Db, links: { secretKey: string; publicUrl: string }, wroteOutbox: () => void): Processor<ReservationJob> {
  return async ({ reservationId }) => {
    const row = db.select({ dueAt: reservations.changeMailDueAt }).from(reservations).where(eq(reservations.id, reservationId)).get();
    if (!row?.dueAt || !(await waitUntilDue(row.dueAt))) return;
    if (sendReservationChangeMail({ ...links, db }, reservationId)) wroteOutbox();
  };
}

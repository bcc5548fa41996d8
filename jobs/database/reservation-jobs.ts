import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { reservations, serviceCentres, serviceItems } from '../../src/db/schema.js';
import { queueEmail } from '../../src/mail/email-outbox.js';
import { reservationMail } from '../../src/mail/templates/reservation.js';
import { nowDate, nowMs } from '../../src/time/clock.js';
import { jobIds, type ReservationJob } from '../catalogue.js';
import { dueTimeSource, waitUntilDue } from '../outbox/due-time-source.js';
import type { OutboxSource } from '../outbox/outbox-relay.js';
import type { Processor } from '../queue-driver.js';

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

import { eq } from 'drizzle-orm';
import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import { reservations, serviceCentres, serviceItems } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import { t } from '../i18n/translate.js';
import { queueEmail } from '../mail/email-outbox.js';
import { composeMail } from '../mail/templates/common.js';
import { inLanguage, reservationMail } from '../mail/templates/reservation.js';
import { nowDate } from '../time/clock.js';
import { spokenSpan } from '../time/spoken.js';
import { assertNotErased } from '../privacy/erased.js';
import { openSlot, toReservationView, type ReservationDeps } from './reservations.js';

/** A reservation with its service and centre (404 when unknown). */
export function reservationWithPlace(db: DbOrTx, id: number) {
  const row = db.select().from(reservations).where(eq(reservations.id, id)).get();
  if (!row) throw new NotFoundError('Reservation', id);
  assertNotErased(row);
  const item = db.select().from(serviceItems).where(eq(serviceItems.id, row.itemId)).get()!;
  const centre = db.select().from(serviceCentres).where(eq(serviceCentres.id, row.centreId)).get()!;
  return { row, item, centre };
}

/** Only a confirmed reservation not yet begun changes; a cancelled one stays cancelled (cancelling again is no error). */
function assertChangeable(row: typeof reservations.$inferSelect): void {
  if (row.status === 'confirmed') return;
  const status = t(row.language, `rst_${row.status}`);
  throw new ConflictError(`Reservation ${row.number} is ${row.status}.`, { rule: 'not-changeable', reservationStatus: row.status }).say('errReservationDone', { number: row.number, status });
}

/** What the personal page shows: the reservation, its service and centre. */
export function reservationPage(db: DbOrTx, id: number) {
  const { row, item, centre } = reservationWithPlace(db, id);
  return { reservation: toReservationView(row, centre.timezone), item, centre, language: row.language };
}

/** Cancels through the personal link (the seat is free again); told by mail. */
export function cancelReservation(deps: ReservationDeps, id: number) {
  return deps.db.transaction((tx) => {
    const { row, item, centre } = reservationWithPlace(tx, id);
    if (row.status === 'cancelled') return toReservationView(row, centre.timezone);
    assertChangeable(row);
    const now = nowDate();
    const after = tx.update(reservations).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(reservations.id, id)).returning().get();
    const service = inLanguage(item.name, row.language);
    const when = spokenSpan({ start: row.startAt.getTime(), end: row.endAt.getTime(), zone: centre.timezone }, row.language);
    const say = (key: Parameters<typeof t>[1], values = {}) => t(row.language, key, values);
    queueEmail(tx, 'reservation-cancelled', composeMail(row.email, row.language, say('mailReservationCancelledSubject', { number: row.number }), [say('mailHello', { name: row.name }), '', say('mailReservationCancelledBody', { number: row.number, service, when })]));
    return toReservationView(after, centre.timezone);
  }, IMMEDIATE);
}

/**
 * Moves a reservation to another slot of the same service and centre, checked like a new one
 * (its own seat counts free); the number stays, a new confirmation (and .ics, SEQUENCE bumped) goes out.
 */
export function moveReservation(deps: ReservationDeps, id: number, start: string) {
  return deps.db.transaction((tx) => {
    const { row, item, centre } = reservationWithPlace(tx, id);
    assertChangeable(row);
    const { at } = openSlot(deps.db, item, centre, start, deps.daysAhead, row.language, { startAt: row.startAt });
    if (at.toMillis() === row.startAt.getTime()) return toReservationView(row, centre.timezone);
    const after = tx
      .update(reservations)
      .set({ startAt: at.toJSDate(), endAt: at.plus({ minutes: item.durationMinutes }).toJSDate(), sequence: row.sequence + 1, reminderEnqueuedAt: null, remindedAt: null, noShowEnqueuedAt: null, updatedAt: nowDate() })
      .where(eq(reservations.id, id))
      .returning()
      .get();
    queueEmail(tx, 'reservation-moved', reservationMail(deps, after, item, centre));
    return toReservationView(after, centre.timezone);
  }, IMMEDIATE);
}

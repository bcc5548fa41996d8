import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { findCentre, findItem, findReservation, updateReservation, type ReservationRow, type ServiceCentreRow, type ServiceItemRow } from './green-channel-dal.js';
import { ConflictError, ExpiredLinkError, NotFoundError } from '../errors/http-errors.js';
import { t } from '../i18n/translate.js';
import { queueEmail } from '../mail/email-outbox.js';
import { composeMail } from '../mail/templates/common.js';
import { reservationMail } from './reservation-mails.js';
import { inLanguage } from '../i18n/bilingual.js';
import { nowDate, nowMs } from '../time/clock.js';
import { spokenSpan } from '../i18n/spoken.js';
import { assertNotErased } from '../personal-data/erased.js';
import { openSlot, toReservationView, type ReservationDeps } from './reservations.js';

/** A reservation with its service and centre (404 when unknown). */
export function reservationWithPlace(db: DbOrTx, id: number) {
  const row = findReservation(db, id);
  if (!row) throw new NotFoundError('Reservation', id);
  assertNotErased(row);
  const item = findItem(db, row.itemId)!;
  const centre = findCentre(db, row.centreId)!;
  return { row, item, centre };
}

/** Moves one reservation may make through its link: enough to fix a mistake, not to mail an address again and again. */
export const MAX_MOVES = 3;

/** A hold that lapsed unconfirmed: cancelled by the lapse job, its hold time kept. */
const lapsed = (row: ReservationRow) => row.status === 'cancelled' && row.confirmedAt === null && row.holdExpiresAt !== null;

/** Only a confirmed (or, to cancel, held) reservation not yet begun changes; a cancelled one stays cancelled (cancelling again is no error). */
function assertChangeable(row: ReservationRow, allowHeld = false): void {
  if (row.status === 'confirmed' || (allowHeld && row.status === 'held')) return;
  if (lapsed(row)) throw new ExpiredLinkError('This reservation was not confirmed in time and its slot went back to others.').say('errReservationLapsed');
  if (row.status === 'held') throw new ConflictError(`Reservation ${row.number} is not confirmed yet.`, { rule: 'not-confirmed' }).say('errReservationNotConfirmed');
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
    if (row.status === 'cancelled' && !lapsed(row)) return toReservationView(row, centre.timezone);
    assertChangeable(row, true);
    const now = nowDate();
    // A move's mail still waiting is dropped: the cancellation says all there is to say.
    const after = updateReservation(tx, id, { status: 'cancelled', cancelledAt: now, updatedAt: now, holdExpiresAt: null, heldFrom: null, changeMailDueAt: null });
    const service = inLanguage(item.name, row.language);
    const when = spokenSpan({ start: row.startAt.getTime(), end: row.endAt.getTime(), zone: centre.timezone }, row.language);
    const say = (key: Parameters<typeof t>[1], values = {}) => t(row.language, key, values);
    queueEmail(tx, 'reservation-cancelled', composeMail(row.email, row.language, say('mailReservationCancelledSubject', { number: row.number }), [say('mailHello', { name: row.name }), '', say('mailReservationCancelledBody', { number: row.number, service, when })]));
    return toReservationView(after, centre.timezone);
  }, IMMEDIATE);
}

/**
 * Moves a confirmed reservation to another slot of the same service and centre, checked like a new
 * one (its own seat counts free), at most MAX_MOVES times; the number stays. The new confirmation
 * (and .ics, SEQUENCE bumped) waits UPDATE_SETTLE, so moves close together send one mail.
 */
export function moveReservation(deps: ReservationDeps, id: number, start: string) {
  return deps.db.transaction((tx) => {
    const { row, item, centre } = reservationWithPlace(tx, id);
    assertChangeable(row);
    const { at } = openSlot(deps.db, item, centre, start, deps.daysAhead, row.language, { startAt: row.startAt });
    if (at.toMillis() === row.startAt.getTime()) return toReservationView(row, centre.timezone);
    if (row.moves >= MAX_MOVES) throw new ConflictError(`Reservation ${row.number} has been moved ${row.moves} times already.`, { rule: 'moves-used', moves: row.moves }).say('errReservationMovesUsed', { n: MAX_MOVES });
    const now = nowMs();
    const after = updateReservation(tx, id, {
      startAt: at.toJSDate(),
      endAt: at.plus({ minutes: item.durationMinutes }).toJSDate(),
      sequence: row.sequence + 1,
      moves: row.moves + 1,
      reminderEnqueuedAt: null,
      remindedAt: null,
      noShowEnqueuedAt: null,
      // A mail already waiting keeps its time: later moves fold into it.
      changeMailDueAt: row.changeMailDueAt ?? new Date(now + deps.updateSettleMs),
      changeMailEnqueuedAt: row.changeMailDueAt ? row.changeMailEnqueuedAt : null,
      updatedAt: new Date(now),
    });
    if (deps.updateSettleMs === 0) sendChangeMailInTransaction(deps, tx, after, item, centre);
    return toReservationView(after, centre.timezone);
  }, IMMEDIATE);
}

function sendChangeMailInTransaction(deps: { secretKey: string; publicUrl: string }, tx: DbOrTx, row: ReservationRow, item: ServiceItemRow, centre: ServiceCentreRow): void {
  updateReservation(tx, row.id, { changeMailDueAt: null });
  queueEmail(tx, 'reservation-moved', reservationMail(deps, row, item, centre));
}

/** Sends a moved reservation's one mail once its wait is over, with where it stands now. False if none is due. */
export function sendReservationChangeMail(deps: { secretKey: string; publicUrl: string } & OwnDbDeps, id: number, now = nowMs()): boolean {
  return deps.db.transaction((tx) => {
    const row = findReservation(tx, id);
    if (!row || row.status !== 'confirmed' || !row.changeMailDueAt || row.changeMailDueAt.getTime() > now || row.erasedAt) return false;
    const { item, centre } = reservationWithPlace(tx, id);
    sendChangeMailInTransaction(deps, tx, row, item, centre);
    return true;
  }, IMMEDIATE);
}

/** Confirms a held reservation from its mailed link: now the confirmation (number, QR, .ics) goes out. Idempotent; a lapsed hold is 410. */
export function confirmReservation(deps: ReservationDeps, id: number) {
  return deps.db.transaction((tx) => {
    const { row, item, centre } = reservationWithPlace(tx, id);
    if (row.status !== 'held') {
      if (lapsed(row)) throw new ExpiredLinkError('This reservation was not confirmed in time and its slot went back to others.').say('errReservationLapsed');
      return toReservationView(row, centre.timezone);
    }
    const now = nowDate();
    const after = updateReservation(tx, id, { status: 'confirmed', confirmedAt: now, holdExpiresAt: null, heldFrom: null, updatedAt: now });
    queueEmail(tx, 'reservation', reservationMail(deps, after, item, centre));
    return toReservationView(after, centre.timezone);
  }, IMMEDIATE);
}

/** Frees the seat of a hold that lapsed unconfirmed. False if it was confirmed or cancelled meanwhile. */
export function releaseLapsedReservation({ db }: OwnDbDeps, id: number, now = nowMs()): boolean {
  return db.transaction((tx) => {
    const row = findReservation(tx, id);
    if (row?.status !== 'held' || !row.holdExpiresAt || row.holdExpiresAt.getTime() > now) return false;
    updateReservation(tx, id, { status: 'cancelled', cancelledAt: new Date(now), heldFrom: null, updatedAt: new Date(now) });
    return true;
  }, IMMEDIATE);
}

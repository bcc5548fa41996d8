import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { IMMEDIATE, type Db, type DbOrTx } from '../db/database.js';
import type { Language, serviceCentres, serviceItems } from '../db/schema.js';
import { BadRequestError, ConflictError, TooManyRequestsError } from '../errors/http-errors.js';
import { queueEmail } from '../mail/email-outbox.js';
import { reservationHoldMail } from './reservation-mails.js';
import { mainlandMobile } from '../phones/mobile-number.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { spokenSpan } from '../i18n/spoken.js';
import { utc } from '../time/instants.js';
import { creditCodeProblem } from './credit-code.js';
import { greenChannelQueries, seatsHeldAt, type ReservationRow } from './green-channel-dal.js';
import { bookableDate, daySlotTimes, offering, slotInZone } from './slots.js';
import { noticeShown } from '../personal-data/notice-shown.js';
import { dayKind, dayName } from './working-days.js';

type ItemRow = typeof serviceItems.$inferSelect;
type CentreRow = typeof serviceCentres.$inferSelect;

export interface ReserveInput {
  serviceId: number;
  centreId: number;
  /** The slot's start, ISO 8601 with the centre's offset (as the slots list gives it). */
  start: string;
  name: string;
  email: string;
  phone?: string;
  company?: string;
  creditCode?: string;
  language?: Language;
  noticeVersion?: string;
}

export interface ReservationDeps extends OwnDbDeps {
  /** The privacy notice shown now (recorded when the form does not say). */
  noticeVersion?: string;
  secretKey: string;
  publicUrl: string;
  daysAhead: number;
  /** RESERVATION_HOLD: how long a new reservation holds its seat unconfirmed. */
  reservationHoldMs: number;
  /** RESERVE_HOLDS_PER_IP: unconfirmed holds one client may have at once. */
  reserveHoldsPerIp: number;
  /** UPDATE_SETTLE: how long a move's mail waits for more moves to fold in. */
  updateSettleMs: number;
}

/** The fingerprint a hold keeps of the address that made it: keyed, so the table holds no address. */
const clientFingerprint = (secretKey: string, ip: string) => crypto.createHmac('sha256', secretKey).update(`reserve-ip:${ip}`).digest('base64url').slice(0, 22);

/** Letters and digits no one confuses when read aloud (no 0/O, 1/I/L): the number said at the counter. */
const NUMBER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newNumber = () => Array.from(crypto.randomBytes(6), (b) => NUMBER_ALPHABET[b % NUMBER_ALPHABET.length]).join('');

function checkCreditCode(code: string): void {
  const wrong = creditCodeProblem(code);
  if (!wrong) return;
  const field = 'creditCode';
  if (wrong.problem === 'length') throw new BadRequestError(`A Unified Social Credit Code has 18 characters, not ${wrong.length}.`, field).say('errCreditCodeLength', { length: wrong.length });
  if (wrong.problem === 'character') throw new BadRequestError(`Character ${wrong.position} of the credit code cannot appear in one.`, field).say('errCreditCodeCharacter', { position: wrong.position, character: wrong.character });
  if (wrong.problem === 'division') throw new BadRequestError(`Characters 3–8 of the credit code are digits; character ${wrong.position} is not.`, field).say('errCreditCodeDivision', { position: wrong.position, character: wrong.character });
  throw new BadRequestError(`The credit code's last character should be ${wrong.expected}.`, field).say('errCreditCodeCheck', { expected: wrong.expected, character: wrong.character });
}

export function toReservationView(row: ReservationRow, timezone: string) {
  return {
    id: row.id,
    number: row.number,
    serviceId: row.itemId,
    centreId: row.centreId,
    start: DateTime.fromJSDate(row.startAt, { zone: timezone }).toISO({ suppressMilliseconds: true })!,
    end: DateTime.fromJSDate(row.endAt, { zone: timezone }).toISO({ suppressMilliseconds: true })!,
    name: row.name,
    status: row.status,
    /** While held: when the seat goes back unless confirmed from the mailed link. */
    holdExpiresAt: row.status === 'held' && row.holdExpiresAt ? utc(row.holdExpiresAt) : null,
    createdAt: utc(row.createdAt),
  };
}

/**
 * Reserves a slot (no account): the slot must be on the day's grid, on a working day, ahead and
 * within the reservable days; one active reservation per email per service; never more people than
 * the slot's seats, however many ask at once (counted and written in one immediate transaction).
 *
 * The seat is only *held* (RESERVATION_HOLD) until the person opens the link mailed to the address
 * and confirms; then the confirmation mail (number, what to bring, QR, .ics) goes out. An
 * unconfirmed hold lapses and its seat is free again, and one client (`clientIp`) may hold at most
 * RESERVE_HOLDS_PER_IP unconfirmed at once: invented addresses squat nothing for long.
 */
export function reserve(deps: ReservationDeps, input: ReserveInput, clientIp: string) {
  const email = input.email.trim().toLowerCase();
  const phone = input.phone?.trim() ? mainlandMobile(input.phone) : null;
  const creditCode = input.creditCode?.trim().toUpperCase() || null;
  if (creditCode) checkCreditCode(creditCode);
  const db = deps.db;
  const queries = greenChannelQueries(db);
  const heldFrom = clientFingerprint(deps.secretKey, clientIp);
  const language = input.language ?? 'zh-CN';
  // The prepared queries run on the database's one connection, so inside this transaction too.
  return db.transaction((tx) => {
    const now = nowMs();
    const holds = queries.heldFrom.get({ heldFrom })!;
    if (holds.n >= deps.reserveHoldsPerIp) {
      const seconds = Math.max(1, Math.ceil(((holds.firstLapse ?? now) - now) / 1000));
      throw new TooManyRequestsError(`${holds.n} reservations from your address wait to be confirmed; confirm them from their mails first, or try again in ${seconds} s.`, seconds).say('errReservationHoldsPerIp', {
        n: holds.n,
        minutes: Math.ceil(seconds / 60),
      });
    }
    const { item, centre } = offering(db, input.serviceId, input.centreId);
    const { at } = openSlot(db, item, centre, input.start, deps.daysAhead, language);
    const held = queries.held.get({ email, itemId: item.id });
    if (held) {
      const when = spokenSpan({ start: held.startAt.getTime(), end: held.endAt.getTime(), zone: centre.timezone }, language);
      throw new ConflictError(`You already hold reservation ${held.number} for this service.`, { rule: 'already-reserved', number: held.number }).say('errReservedAlready', { number: held.number, when });
    }
    const values = {
      itemId: item.id,
      centreId: centre.id,
      startAt: at.toJSDate(),
      endAt: at.plus({ minutes: item.durationMinutes }).toJSDate(),
      name: input.name.trim(),
      email,
      phone,
      company: input.company?.trim() || null,
      creditCode,
      language,
      ...noticeShown(tx, input.noticeVersion, deps.noticeVersion),
      status: 'held' as const,
      holdExpiresAt: new Date(now + deps.reservationHoldMs),
      heldFrom,
      updatedAt: nowDate(),
    };
    let row: ReservationRow | undefined;
    for (let attempt = 0; !row; attempt++) {
      const number = newNumber();
      if (!queries.numberTaken.get({ number })) row = queries.insert.get({ ...values, number });
      else if (attempt > 5) throw new Error('could not draw a free reservation number');
    }
    queueEmail(tx, 'reservation-hold', reservationHoldMail(deps, row, item, Math.round(deps.reservationHoldMs / 60_000)));
    return toReservationView(row, centre.timezone);
  }, IMMEDIATE);
}

/**
 * The slot a start names, checked: a time with its offset, on the day's grid, on an open day, ahead,
 * within the reservable days, with a seat left (`except`: a reservation moving, whose own seat counts free).
 */
export function openSlot(db: Db, item: ItemRow, centre: CentreRow, start: string, daysAhead: number, language: Language, except?: { startAt: Date }) {
  const at = DateTime.fromISO(start, { setZone: true });
  if (!at.isValid) throw new BadRequestError('start must be an ISO 8601 time with its offset.', 'start').say('errSlotNotOnGrid');
  const date = bookableDate(centre, at.setZone(centre.timezone).toISODate()!, daysAhead);
  const kind = dayKind(db, date);
  if (!kind.open) throw new BadRequestError('The centre is closed that day.', 'start').say('errSlotClosed', { name: dayName(kind, language) });
  const own = except?.startAt.getTime();
  const slots = daySlotTimes(db, item, centre, date).map((s) => (s.start === own ? { ...s, remaining: s.remaining + 1 } : s));
  const slot = slots.find((s) => s.start === at.toMillis());
  if (!slot) {
    if (at.toMillis() <= nowDate().getTime()) throw new BadRequestError('That time has passed.', 'start').say('errSlotPast');
    throw new BadRequestError('That is not one of the day’s slots.', 'start').say('errSlotNotOnGrid');
  }
  if (slot.remaining <= 0) {
    const nextFree = slots.filter((s) => s.remaining > 0 && s.start > slot.start).slice(0, 3).map((s) => slotInZone(s, centre.timezone));
    throw new ConflictError('That slot is full.', { rule: 'slot-full', nextFree }).say('errSlotFull');
  }
  return { at };
}

/** Seats held for a slot (for tests and the staff list). */
export function seatsHeld(db: DbOrTx, itemId: number, centreId: number, startAt: Date): number {
  return seatsHeldAt(db, itemId, centreId, startAt);
}

import crypto from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import { assertRunsEvent, canRunEvent } from '../events/event-access.js';
import { eventWithPlace } from '../events/events-service.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { doorCode, isEventDoorCode, readTicket } from '../codes/ticket-tokens.js';
import { recordCheckIn, registrationByEmail, registrationRecord, toRegistrationView, type RegistrationRow } from '../registrations/registrations-service.js';

import { assertNotErased } from '../personal-data/erased.js';
import type { DbDeps } from '../services/service-deps.js';

/**
 * Checks a registration in (once: a second time answers `alreadyCheckedIn`); only a confirmed seat
 * may. `at` is when the ticket was scanned — earlier than now when a phone at the door was offline
 * and sends its queue later. Two phones scanning one ticket make one check-in, at the earlier time.
 */
function markPresent(tx: DbOrTx, row: RegistrationRow, field: string, at = nowDate()) {
  if (row.status === 'checked_in') {
    const earlier = row.checkedInAt && at < row.checkedInAt ? recordCheckIn({ db: tx }, row.id, at) : row;
    return { ...toRegistrationView({ db: tx }, earlier), alreadyCheckedIn: true };
  }
  if (row.status !== 'confirmed') {
    const state = row.status === 'waitlisted' ? 'on the waitlist' : row.status === 'held' ? 'holding a seat not yet confirmed by mail' : 'cancelled';
    throw new ConflictError(`${row.name} is ${state}, not holding a confirmed seat.`, { rule: 'no-seat', registrationStatus: row.status, field }).say('errNoSeat', { name: row.name, state });
  }
  const after = recordCheckIn({ db: tx }, row.id, at);
  return { ...toRegistrationView({ db: tx }, after), alreadyCheckedIn: false };
}

/** How early before its start an event's door opens for checking oneself in. */
export const SELF_CHECKIN_EARLY_MS = 3600_000;

/** Whether an event's door is open for checking oneself in now: published, from an hour before its start to its end. */
export function doorOpen(event: { status: string; startAt: Date; endAt: Date }, now = nowMs()): boolean {
  return event.status === 'published' && now >= event.startAt.getTime() - SELF_CHECKIN_EARLY_MS && now <= event.endAt.getTime();
}

/**
 * A visitor checks themselves in at the door, from an hour before the start until the end: by
 * their ticket, or by email plus the 6-character code under their ticket's QR — and either way
 * with the event's door code, which only the poster at the entrance shows (or its QR carries), so
 * nobody checks in from home. A wrong code and an unknown email get the same answer.
 */
export function selfCheckIn({ db, secretKey }: OwnDbDeps & { secretKey: string }, eventId: number, door: string, who: { ticket: string } | { email: string; code: string }) {
  const ticketed = 'ticket' in who ? readTicket(secretKey, who.ticket) : undefined;
  return db.transaction((tx) => {
    const { event } = eventWithPlace({ db: tx }, eventId);
    if (!doorOpen(event)) {
      throw new ConflictError(`Checking in to ${event.title} opens an hour before it starts and closes when it ends.`, { rule: 'not-now' }).say('errDoorClosed', { title: event.title });
    }
    if (!isEventDoorCode(secretKey, eventId, door)) {
      throw new BadRequestError('That is not this event’s door code: it is on the poster at the entrance.', 'door', { rule: 'door-code' }).say('errDoorCodeWrong');
    }
    const row = ticketed ? registrationRecord({ db: tx }, ticketed) : registrationByEmail({ db: tx }, eventId, ('email' in who ? who.email : '').trim().toLowerCase());
    const code = 'code' in who ? who.code.trim().toUpperCase() : '';
    const codeOk = (id: number) => {
      const expected = Buffer.from(doorCode(secretKey, id));
      const given = Buffer.from(code);
      return expected.length === given.length && crypto.timingSafeEqual(expected, given);
    };
    if (!row || row.eventId !== eventId || (!ticketed && !codeOk(row.id))) {
      throw new BadRequestError('That email and code do not match a registration for this event; check the code under your ticket’s QR.', ticketed ? 'ticket' : 'code').say('errDoorNoMatch');
    }
    return markPresent(tx, row, ticketed ? 'ticket' : 'code');
  }, IMMEDIATE);
}

/** How far back a phone that was offline may date a scan it sends late. */
const LATE_SCAN_MS = 48 * 3600_000;
/** Clocks on phones drift: a scan dated up to this far ahead counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** When a scan sent late happened: within the last 48 hours, never after now. */
function scanTime(scannedAt: string | undefined): Date {
  const now = nowMs();
  if (scannedAt === undefined) return new Date(now);
  const at = Date.parse(scannedAt);
  if (!Number.isFinite(at) || at < now - LATE_SCAN_MS || at > now + CLOCK_SKEW_MS) {
    throw new BadRequestError('scannedAt must be an ISO 8601 instant within the last 48 hours.', 'scannedAt').say('errScannedAt');
  }
  return new Date(Math.min(at, now));
}

export interface CheckInWho {
  registrationId?: number;
  email?: string;
  ticket?: string;
  /** When a phone scanned the ticket, if it sends the check-in later (it was offline). */
  scannedAt?: string;
}

/**
 * Marks a confirmed registrant present, found by id, email or ticket (token or scanned URL).
 * Checking in twice is not an error: the answer says `alreadyCheckedIn` and keeps the earliest
 * time. A ticket of another event is a 409 (naming it to those who run that one too); a forged one a 400.
 */
export function checkIn({ db, secretKey }: OwnDbDeps & { secretKey: string }, principal: Principal, eventId: number, who: CheckInWho) {
  return db.transaction((tx) => {
    const { event } = eventWithPlace({ db: tx }, eventId);
    assertRunsEvent(principal, event);
    const named = [who.registrationId, who.email, who.ticket].filter((given) => given !== undefined).length;
    if (named !== 1) throw new BadRequestError('Name the person once: one of registrationId, email or ticket.', 'ticket').say('errCheckInWho');
    const at = scanTime(who.scannedAt);
    const ticketed = who.ticket !== undefined ? readTicket(secretKey, who.ticket) : undefined;
    if (event.status !== 'published' && event.status !== 'completed') throw new ConflictError(`${event.title} is ${event.status}.`, { rule: 'not-published' }).say('errEventNotOpen', { title: event.title });
    const field = ticketed ? 'ticket' : who.registrationId ? 'registrationId' : 'email';
    const id = ticketed ?? who.registrationId;
    // A ticket names its registration whatever the event (told apart below); an id or address only within this event.
    const found = id ? registrationRecord({ db: tx }, id) : registrationByEmail({ db: tx }, eventId, (who.email ?? '').trim().toLowerCase());
    const row = found && (ticketed || found.eventId === eventId) ? found : undefined;
    if (!row) throw new NotFoundError('Registration', id ?? who.email);
    if (row.eventId !== eventId) {
      // Which event a person holds a ticket for is theirs: named only to those who run that event too.
      const other = eventWithPlace({ db: tx }, row.eventId).event;
      if (!canRunEvent(principal, other)) throw new ConflictError('This ticket is for another event, not this one.', { rule: 'other-event', field }).say('errTicketOtherEventUnnamed');
      throw new ConflictError(`This ticket is for ${other.title} (event ${other.id}), not this event.`, { rule: 'other-event', field, otherEventId: other.id, otherEventTitle: other.title }).say('errTicketOtherEvent', { title: other.title });
    }
    return markPresent(tx, row, field, at);
  }, IMMEDIATE);
}


/**
 * A ticket as its page shows it: the registration (404 when unknown, 410 once its person's data
 * is erased), its event with the place, and whether its holder may check in now (confirmed, and
 * the door open: the rule selfCheckIn holds too).
 */
export function ticketHolder({ db }: DbDeps, registrationId: number, now = nowMs()) {
  const row = registrationRecord({ db }, registrationId);
  if (!row) throw new NotFoundError('Ticket', registrationId);
  assertNotErased(row);
  const place = eventWithPlace({ db }, row.eventId);
  return { registration: row, place, canCheckIn: row.status === 'confirmed' && doorOpen(place.event, now) };
}

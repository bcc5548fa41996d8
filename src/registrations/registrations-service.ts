import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import type { Principal } from '../auth/principal.js';
import { IMMEDIATE, immediately, type DbOrTx, type Tx } from '../db/database.js';
import type { AskMobile, RegistrationStatus } from '../db/schema.js';
import {
  countInStatus,
  doorEntries,
  countsByStatus,
  findRegistrationByEmail,
  findRegistrationRecord,
  firstWaitlisted,
  insertRegistration,
  registrationsAfter,
  registrationsInStatus,
  updateRegistration,
  waitlistedAhead,
  waitlistLength,
  type RegistrationRecord,
} from './registrations-dal.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import { mainlandMobile } from '../phones/mobile-number.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventsCalendar } from '../events/event-ics.js';
import { remembered } from '../util/remembered.js';
import type { EventView } from '../events/events-schemas.js';
import { eventForMail, toEventView } from '../events/event-view.js';
import type { EventWithPlace } from '../events/events-dal.js';
import { eventWithPlace, seatsTakenAt } from '../events/events-service.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { queueEmail } from '../mail/email-outbox.js';
import { utc } from '../time/instants.js';
import { cancelLink, confirmLink, DEFAULT_HOLD_MS, readCancelLink, readConfirmLink, type LinkDeps } from './registration-links.js';
import { ticketForMail } from './ticket-for-mail.js';
import { answersFor } from '../events/event-questions.js';
import { alreadyRegisteredMail, heldSeatMail, promotedMail, registrationMail } from './registration-mails.js';
import { ExpiredLinkError } from '../errors/http-errors.js';
import { nowMs, nowDate } from '../time/clock.js';
import { assertNotErased } from '../personal-data/erased.js';
import { noticeShown } from '../personal-data/notice-shown.js';

export interface RegistrationDeps extends LinkDeps {
  /** A transaction too, so a caller can register someone as part of a larger change. */
  db: DbOrTx;
  /** The privacy notice shown now (recorded when the form does not say). */
  noticeVersion?: string;
}

export type RegistrationRow = RegistrationRecord;

/** 1 for the next person to get a seat; null unless waitlisted. */
function waitlistPosition(db: DbOrTx, row: RegistrationRow): number | null {
  return row.status === 'waitlisted' ? waitlistedAhead(db, row) + 1 : null;
}

export function toRegistrationView({ db }: DbDeps, row: RegistrationRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    name: row.name,
    email: row.email,
    mobile: row.mobile,
    answers: row.answers ?? {},
    status: row.status,
    kind: row.kind,
    waitlistPosition: waitlistPosition(db, row),
    checkedInAt: row.checkedInAt ? utc(row.checkedInAt) : null,
    createdAt: utc(row.createdAt),
  };
}

/** The event a member of the public may register for: published and not over. */
function openForRegistration(db: DbOrTx, eventId: number): EventWithPlace {
  const place = eventWithPlace({ db }, eventId);
  const { event } = place;
  if (event.status === 'draft') throw new NotFoundError('Event', eventId);
  if (event.status === 'cancelled') throw new ConflictError(`${event.title} has been cancelled.`, { rule: 'event-cancelled' }).say('errEventCancelled', { title: event.title });
  if (event.status === 'completed' || event.endAt.getTime() <= nowMs()) throw new ConflictError(`${event.title} is over.`, { rule: 'event-over' }).say('errEventOver', { title: event.title });
  return place;
}

/**
 * Holds a seat for someone who must confirm it by the link mailed to them (events with
 * `confirmRegistrations`): the seat counts as taken until the hold lapses, and the mail
 * carries the confirm link. `promoted`: they moved up from the waitlist.
 */
function holdSeat(tx: DbOrTx, deps: LinkDeps, place: EventWithPlace, row: RegistrationRow, promoted: boolean): RegistrationRow {
  const holdMs = deps.holdMs ?? DEFAULT_HOLD_MS;
  const held = updateRegistration(tx, row.id, { status: 'held', holdExpiresAt: new Date(nowMs() + holdMs), holdEnqueuedAt: null });
  const links = { confirm: confirmLink(deps, held.id, held.holdExpiresAt!), cancel: cancelLink(deps, held.id, place.event.endAt) };
  queueEmail(tx, 'registration-held', heldSeatMail(held, eventForMail(place), links, Math.round(holdMs / 60_000), promoted));
  return held;
}

/**
 * Takes a seat while one is left, else a place on the waitlist, in one immediate
 * transaction, so capacity holds under any number of concurrent registrations. At an event
 * that asks people to confirm, a public registration's seat is only held until they open the
 * mailed link (nobody can fill an event with invented addresses). The same address twice gets
 * the registration it already has.
 */
export function register(deps: RegistrationDeps, eventId: number, input: { name: string; email: string; mobile?: string; answers?: Record<string, unknown>; noticeVersion?: string }, kind: 'public' | 'guest' = 'public') {
  const email = input.email.trim().toLowerCase();
  return immediately(deps.db, (db) => {
    // `db` is the database (its statements prepared once) or the caller's transaction.
    const place = openForRegistration(db, eventId);
    const mobile = mobileFor(place.event.askMobile, input.mobile, kind);
    // A guest accepting an invitation was asked by the organizer, not by the form: no questions.
    const answers = kind === 'public' ? answersFor(place.event.questions, input.answers, place.event.language) : null;
    const existing = findRegistrationByEmail(db, eventId, email);
    if (existing && existing.status !== 'cancelled') {
      // Answered exactly as a new registration would be now, so nobody learns whether, or how,
      // this address is registered; its owner is told by mail where they stand.
      const registration = toRegistrationView({ db }, existing);
      const standing = { status: existing.status, position: registration.waitlistPosition };
      queueEmail(db, 'registration-repeat', alreadyRegisteredMail(existing, eventForMail(place), standing, cancelLink(deps, existing.id, place.event.endAt)));
      return { registration, created: false, answer: answerAsNew(db, place, existing.id, kind) };
    }

    // Counted by the read of the event above, inside this transaction: still true.
    const status: RegistrationStatus = place.seatsTaken < place.event.capacity ? 'confirmed' : 'waitlisted';
    const values = { name: input.name.trim(), mobile, answers, status, kind, queuedAt: nowDate(), cancelledAt: null, checkedInAt: null, holdExpiresAt: null, ...noticeShown(db, input.noticeVersion, deps.noticeVersion) };
    let row = existing ? updateRegistration(db, existing.id, values) : insertRegistration(db, { ...values, eventId, email });
    if (status === 'confirmed' && kind === 'public' && place.event.confirmRegistrations) row = holdSeat(db, deps, place, row, false);
    else queueEmail(db, `registration-${status}`, registrationMail(row, eventForMail(place), status, cancelLink(deps, row.id, place.event.endAt), eventLinks(deps, place, status === 'confirmed' ? row.id : undefined)));
    const registration = toRegistrationView({ db }, row);
    return { registration, created: true, answer: { id: row.id, status: registration.status, waitlistPosition: registration.waitlistPosition } };
  });
}

/**
 * One event's calendar file, remembered by everything it is made of (the event's fields, its
 * venue's name and address, the public URL): the same for every registrant of a burst.
 */
const eventCalendar = remembered(
  (place: EventWithPlace, publicUrl: string) => eventsCalendar([place], { publicUrl, name: place.event.title }),
  ({ event, venue }, publicUrl) =>
    JSON.stringify([publicUrl, event.id, event.sequence, event.updatedAt.getTime(), event.status, event.title, event.summary, event.onlineUrl, event.startAt.getTime(), event.endAt.getTime(), event.topics, venue?.name, venue?.address, venue?.timezone]),
);

/** What a confirmation mail links and attaches: the event's page, its calendar file, and (for a seat) the registration's ticket. */
function eventLinks(deps: LinkDeps, place: EventWithPlace, registrationId?: number) {
  return {
    eventUrl: `${deps.publicUrl}/events/${place.event.id}`,
    ics: eventCalendar(place, deps.publicUrl),
    ticket: registrationId ? ticketForMail(deps, registrationId) : undefined,
  };
}

/**
 * The mobile number to keep: refused where the event does not ask for one (rather than dropped
 * unseen), required where it must have one (from the public; a guest's invitation has none).
 */
function mobileFor(asked: AskMobile, typed: string | undefined, kind: 'public' | 'guest'): string | null {
  const given = typed?.trim();
  if (asked === 'off' && given) throw new BadRequestError('This event does not ask for a mobile number; leave mobile out.', 'mobile').say('errMobileNotAsked');
  if (asked === 'required' && !given && kind === 'public') throw new BadRequestError('mobile is required.', 'mobile').say('errFieldRequired', { field: 'mobile' });
  return given ? mainlandMobile(given) : null;
}

/** What registering now would answer: a seat (held at events that ask to confirm) while one is left, else the end of the waitlist. */
function answerAsNew(tx: DbOrTx, place: EventWithPlace, id: number, kind: 'public' | 'guest') {
  if (seatsTakenAt({ db: tx }, place.event.id) < place.event.capacity) {
    return { id, status: (place.event.confirmRegistrations && kind === 'public' ? 'held' : 'confirmed') as RegistrationStatus, waitlistPosition: null };
  }
  return { id, status: 'waitlisted' as RegistrationStatus, waitlistPosition: waitlistLength(tx, place.event.id) + 1 };
}

/** Gives freed seats to the waitlist, first come first served, and tells each person promoted. */
export function promoteWaitlisted(deps: LinkDeps & { db: Tx }, place: EventWithPlace): number {
  const { db: tx } = deps;
  let free = place.event.capacity - seatsTakenAt({ db: tx }, place.event.id);
  let promoted = 0;
  while (free > 0) {
    const next = firstWaitlisted(tx, place.event.id);
    if (!next) break;
    if (place.event.confirmRegistrations && next.kind === 'public') holdSeat(tx, deps, place, next, true);
    else {
      updateRegistration(tx, next.id, { status: 'confirmed' });
      queueEmail(tx, 'registration-promoted', promotedMail(next, eventForMail(place), cancelLink(deps, next.id, place.event.endAt), ticketForMail(deps, next.id)));
    }
    free--;
    promoted++;
  }
  return promoted;
}

/** Cancels through the personal link; a freed seat goes to the first waitlisted person. Idempotent. */
export function cancelRegistration(deps: RegistrationDeps, token: string) {
  const id = readCancelLink(deps.secretKey, token);
  return deps.db.transaction((tx) => {
    const row = findRegistrationRecord(tx, id);
    if (!row) throw new NotFoundError('Registration', id);
    assertNotErased(row);
    if (row.status === 'cancelled') return toRegistrationView({ db: tx }, row);
    if (row.status === 'checked_in') throw new ConflictError('You have already checked in to this event.', { rule: 'checked-in' }).say('errCheckedIn');
    const place = eventWithPlace({ db: tx }, row.eventId);
    if (place.event.endAt.getTime() <= nowMs()) throw new ConflictError(`${place.event.title} is over.`, { rule: 'event-over' }).say('errEventOver', { title: place.event.title });
    return toRegistrationView({ db: tx }, withdrawRegistration({ ...deps, db: tx }, row, place));
  }, IMMEDIATE);
}

/** Cancels a registration inside the caller's transaction; a freed seat goes to the first waitlisted person. */
export function withdrawRegistration(deps: LinkDeps & { db: Tx }, row: RegistrationRow, place = eventWithPlace({ db: deps.db }, row.eventId)): RegistrationRow {
  const after = updateRegistration(deps.db, row.id, { status: 'cancelled', cancelledAt: nowDate(), holdExpiresAt: null });
  if (row.status === 'confirmed' || row.status === 'held') promoteWaitlisted(deps, place);
  return after;
}

/** The registration a confirm link is for, and whether it can still be confirmed; for the link's page. */
export function heldRegistration(deps: RegistrationDeps, token: string) {
  const id = readConfirmLink(deps.secretKey, token);
  const row = findRegistrationRecord(deps.db, id);
  if (!row) throw new NotFoundError('Registration', id);
  assertNotErased(row);
  if (row.status === 'cancelled') throw new ExpiredLinkError('This seat was not confirmed in time and has gone to someone else; register again if seats are left.').say('errSeatLapsed');
  return toRegistrationView(deps, row);
}

/** Confirms a held seat through the mailed link (its page's button). Idempotent; a lapsed hold is 410. */
export function confirmHeldSeat(deps: RegistrationDeps, token: string) {
  const id = readConfirmLink(deps.secretKey, token);
  return deps.db.transaction((tx) => {
    const row = findRegistrationRecord(tx, id);
    if (!row) throw new NotFoundError('Registration', id);
    assertNotErased(row);
    if (row.status === 'cancelled') throw new ExpiredLinkError('This seat was not confirmed in time and has gone to someone else; register again if seats are left.').say('errSeatLapsed');
    if (row.status !== 'held') return toRegistrationView({ db: tx }, row);
    const place = eventWithPlace({ db: tx }, row.eventId);
    const after = updateRegistration(tx, id, { status: 'confirmed', holdExpiresAt: null });
    queueEmail(tx, 'registration-confirmed', registrationMail(after, eventForMail(place), 'confirmed', cancelLink(deps, after.id, place.event.endAt), eventLinks(deps, place, after.id)));
    return toRegistrationView({ db: tx }, after);
  }, IMMEDIATE);
}

/** Gives back a seat whose hold lapsed unconfirmed, to the waitlist. False if it was confirmed or released meanwhile. */
export function releaseLapsedHold(deps: LinkDeps & OwnDbDeps, id: number, now = nowMs()): boolean {
  const { db } = deps;
  return db.transaction((tx) => {
    const row = findRegistrationRecord(tx, id);
    if (row?.status !== 'held' || !row.holdExpiresAt || row.holdExpiresAt.getTime() > now) return false;
    updateRegistration(tx, id, { status: 'cancelled', cancelledAt: new Date(now), holdExpiresAt: null });
    promoteWaitlisted({ ...deps, db: tx }, eventWithPlace({ db: tx }, row.eventId));
    return true;
  }, IMMEDIATE);
}

/** How many of the event's registrations are in each status. */
export function registrationCounts({ db }: DbDeps, eventId: number): Partial<Record<RegistrationStatus, number>> {
  return countsByStatus(db, eventId);
}

/** A registration under this (lower-cased) address at the event, if any. */
export function registrationByEmail({ db }: DbDeps, eventId: number, email: string): RegistrationRow | undefined {
  return findRegistrationByEmail(db, eventId, email);
}

/** Records that a registrant is at the door: checked in, at `at` (also to move an earlier-sent scan's time back). */
export function recordCheckIn({ db }: DbDeps, id: number, at: Date): RegistrationRow {
  return updateRegistration(db, id, { status: 'checked_in', checkedInAt: at });
}

/** What a door list carries per registration of the event, in id order. */
export function doorEntriesOf({ db }: DbDeps, eventId: number) {
  return doorEntries(db, eventId);
}

export function listRegistrations({ db }: DbDeps, principal: Principal, eventId: number, query: { status?: RegistrationStatus; cursor?: string; limit?: number }) {
  const { event } = eventWithPlace({ db }, eventId);
  assertRunsEvent(principal, event);
  const limit = query.limit ?? 50;
  const rows = registrationsAfter(db, eventId, decodeCursor(query.cursor) ?? 0, limit, query.status);
  return toPage(rows, limit, (row) => toRegistrationView({ db }, row));
}

/** The event a registration is for (its title and time, for the registrant's own pages), or null. */
export function eventOfRegistration(deps: DbDeps, registrationId: number): EventView | null {
  const row = findRegistrationRecord(deps.db, registrationId);
  return row ? toEventView(eventWithPlace({ db: deps.db }, row.eventId)) : null;
}

/** A registration as stored, if any (for the capabilities that follow a registration: feedback, tickets). */
export function registrationRecord({ db }: DbDeps, id: number): RegistrationRow | undefined {
  return findRegistrationRecord(db, id);
}

/** The event's attendees who checked in. */
export function checkedInAttendees({ db }: DbDeps, eventId: number): RegistrationRow[] {
  return registrationsInStatus(db, eventId, ['checked_in']);
}

/** How many of the event's attendees checked in. */
export function checkedInCount({ db }: DbDeps, eventId: number): number {
  return countInStatus(db, eventId, 'checked_in');
}

import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import type { MessageKey, MessageValues } from '../i18n/translate.js';
import { assertManagesPark, canManagePark } from '../auth/park-access.js';
import type { Principal } from '../auth/principal.js';
import { SYSTEM, type Actor } from '../audit/audit.js';
import { IMMEDIATE, type Tx } from '../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { inZone } from '../time/instants.js';
import { findVenue, type VenueRow } from '../venues/venues-service.js';
import { toBookingView } from './booking-view.js';
import { approvedOverlapping, blackoutsOverlapping, findBooking, findBookings, groupStillOpen, overduePendingIds, seriesBookings, type BookingRow } from './bookings-dal.js';
import { assertPending, assertVersion, setStatus, tellDeciders, tellOrganizer } from './booking-status.js';
import { withdrawSiblings } from './booking-groups.js';
import { alternativesFor } from './booking-alternatives.js';
import { assertNoEventStandsOn } from './booking-endings.js';
import type { BookingView } from './bookings-schemas.js';
import { nowMs } from '../time/clock.js';

/** A refusal's words in the message catalogue. */
type Words = { key: MessageKey; values: MessageValues };

/** Why a pending request cannot be approved now, or null if it can. */
export function approvalConflict({ db: tx }: DbDeps, venue: Pick<VenueRow, 'id' | 'name' | 'timezone'>, booking: Pick<BookingRow, 'id' | 'startAt' | 'endAt'>) {
  const slot = { start: booking.startAt.getTime(), end: booking.endAt.getTime() };
  const overlapping = approvedOverlapping(tx, venue.id, slot, booking.id);
  if (overlapping.length > 0) {
    const list = overlapping.map((b) => `#${b.id} (${inZone(b.startAt.getTime(), venue.timezone)}–${inZone(b.endAt.getTime(), venue.timezone)})`).join(', ');
    const first = overlapping[0]!;
    return {
      detail: `Booking request ${booking.id} overlaps approved booking ${list} at ${venue.name}.`,
      rule: 'overlap',
      conflictsWith: overlapping.map((b) => b.id),
      words: { key: 'errOverlapsApproved', values: { venue: venue.name, when: { start: first.startAt.getTime(), end: first.endAt.getTime(), zone: venue.timezone } } } as Words,
    };
  }
  const blocked = blackoutsOverlapping(tx, venue.id, slot);
  if (blocked.length > 0) {
    const reasons = blocked.map((b) => b.reason).join('; ');
    return {
      detail: `Booking request ${booking.id} falls in a blackout of ${venue.name}: ${reasons}.`,
      rule: 'blackout',
      conflictsWith: [],
      words: { key: 'errBlackout', values: { venue: venue.name, reasons } } as Words,
    };
  }
  return null;
}

/** Loads a request a manager is about to decide: theirs to decide, at the version they saw, still pending. */
function pendingForDecision(tx: Tx, principal: Principal, id: number, version: number | undefined) {
  const booking = findBooking(tx, id);
  const venue = findVenue({ db: tx }, booking.venueId);
  assertManagesPark(principal, venue.organizationId);
  assertVersion(booking, version);
  assertPending(tx, booking, nowMs());
  return { booking, venue };
}

export interface Decision {
  version?: number;
  note?: string;
}

/**
 * Approves one request. The overlap check and the write happen in one immediate transaction,
 * so of two concurrent approvals of overlapping requests exactly one wins; the other gets a
 * 409 naming the booking it conflicts with.
 */
export function approveBooking({ db, publicUrl }: DbDeps & { publicUrl: string }, principal: Principal, id: number, decision: Decision, actor: Actor): BookingView {
  return db.transaction((tx) => {
    const { booking, venue } = pendingForDecision(tx, principal, id, decision.version);
    const conflict = approvalConflict({ db: tx }, venue, booking);
    if (conflict) throw new ConflictError(conflict.detail, { rule: conflict.rule, conflictsWith: conflict.conflictsWith }).say(conflict.words.key, conflict.words.values);
    const after = setStatus(tx, booking, 'approved', actor, decision.note ?? null);
    withdrawSiblings(tx, after, actor);
    tellOrganizer(tx, [after], venue, 'approved', after.decisionNote, publicUrl);
    return toBookingView(after, venue.timezone);
  }, IMMEDIATE);
}

/**
 * Declines one request. Its organizer's mail offers the best venues free for the same slot
 * instead — unless another venue of its group may still say yes.
 */
export function declineBooking({ db, publicUrl }: DbDeps & { publicUrl: string }, principal: Principal, id: number, decision: Decision & { reason: string }, actor: Actor): BookingView {
  return db.transaction((tx) => {
    const { booking, venue } = pendingForDecision(tx, principal, id, decision.version);
    const after = setStatus(tx, booking, 'declined', actor, decision.reason);
    const stillOpen = after.groupId && groupStillOpen(tx, after.groupId);
    const instead = stillOpen ? undefined : { alternatives: alternativesFor(tx, after), url: `${publicUrl}/my/bookings/${after.id}` };
    tellOrganizer(tx, [after], venue, 'declined', after.decisionNote, undefined, instead);
    return toBookingView(after, venue.timezone);
  }, IMMEDIATE);
}

/**
 * Withdraws a pending or approved request before it starts: by its organization, the park's
 * managers or a coordinator. The other side is told. Refused while an event stands on it.
 */
export function cancelBooking({ db }: OwnDbDeps, principal: Principal, id: number, decision: Decision & { reason?: string }, actor: Actor): BookingView {
  return db.transaction((tx) => {
    const booking = findBooking(tx, id);
    const venue = findVenue({ db: tx }, booking.venueId);
    const byManager = canManagePark(principal, venue.organizationId);
    if (!byManager && principal.organizationId !== booking.organizationId) {
      throw new ForbiddenError('Only the requesting organization, the park’s managers and coordinators cancel a request.').say('errCancelNotYours');
    }
    assertVersion(booking, decision.version);
    if (booking.status !== 'pending' && booking.status !== 'approved') {
      throw new ConflictError(`Booking request ${booking.id} is already ${booking.status}.`, { rule: 'not-cancellable', currentStatus: booking.status }).say('errAlreadyDecided');
    }
    if (booking.startAt.getTime() <= nowMs()) throw new ConflictError(`Booking ${booking.id} has already started.`, { rule: 'started' }).say('errBookingStarted');
    assertNoEventStandsOn(tx, [booking]);
    const after = setStatus(tx, booking, 'cancelled', actor, decision.reason ?? null);
    if (principal.organizationId === booking.organizationId) tellDeciders(tx, [after], venue, 'cancelled', after.decisionNote);
    else tellOrganizer(tx, [after], venue, 'cancelled', after.decisionNote);
    return toBookingView(after, venue.timezone);
  }, IMMEDIATE);
}

export interface SeriesResult {
  approved: BookingView[];
  declined: BookingView[];
  conflicts: Array<{ booking: BookingView; reason: string; conflictsWith: number[] }>;
}

/**
 * Decides every pending occurrence of a series. Approval approves what it can and reports,
 * not drops, the occurrences that overlap an approved booking or a blackout (they stay
 * pending). `versions` (from a signed link) skips occurrences changed since it was issued.
 */
export function decideSeries(
  { db, publicUrl }: DbDeps & { publicUrl: string },
  principal: Principal,
  seriesId: string,
  action: 'approve' | 'decline',
  options: { note?: string; versions?: Map<number, number> },
  actor: Actor,
): SeriesResult {
  return db.transaction((tx) => {
    const rows = seriesBookings(tx, seriesId);
    if (rows.length === 0) throw new NotFoundError('Booking series', seriesId);
    const venue = findVenue({ db: tx }, rows[0]!.venueId);
    assertManagesPark(principal, venue.organizationId);
    const now = nowMs();
    const result: SeriesResult = { approved: [], declined: [], conflicts: [] };
    const decided: BookingRow[] = [];
    for (const booking of rows) {
      const view = () => toBookingView(booking, venue.timezone);
      const expected = options.versions?.get(booking.id);
      if (booking.status !== 'pending' || booking.expiresAt.getTime() <= now) continue;
      if (options.versions && expected !== booking.version) {
        result.conflicts.push({ booking: view(), reason: `Booking request ${booking.id} changed since the link was sent.`, conflictsWith: [] });
        continue;
      }
      if (action === 'approve') {
        const conflict = approvalConflict({ db: tx }, venue, booking);
        if (conflict) {
          result.conflicts.push({ booking: view(), reason: conflict.detail, conflictsWith: conflict.conflictsWith });
          continue;
        }
      }
      const after = setStatus(tx, booking, action === 'approve' ? 'approved' : 'declined', actor, options.note ?? null);
      decided.push(after);
      (action === 'approve' ? result.approved : result.declined).push(toBookingView(after, venue.timezone));
    }
    if (decided.length === 0 && result.conflicts.length === 0) {
      throw new ConflictError(`No occurrence of series ${seriesId} is pending any more.`, { rule: 'not-pending' }).say('errSeriesDecided');
    }
    tellOrganizer(tx, decided, venue, action === 'approve' ? 'approved' : 'declined', options.note ?? null, publicUrl);
    return result;
  }, IMMEDIATE);
}

/**
 * Cancels bookings inside the caller's transaction: those a forced blackout displaces (their
 * organizers are told; the blackout has cancelled the events on them first), or the booking of a
 * cancelled event (the park's managers are told).
 */
export function cancelInTransaction({ db: tx }: { db: Tx }, venue: VenueRow, ids: number[], reason: string, actor: Actor, tell: 'organizer' | 'deciders'): number[] {
  for (const id of ids) {
    const booking = findBooking(tx, id);
    if (booking.status !== 'approved' && booking.status !== 'pending') continue;
    const after = setStatus(tx, booking, 'cancelled', actor, reason);
    if (tell === 'organizer') tellOrganizer(tx, [after], venue, 'cancelled', reason);
    else tellDeciders(tx, [after], venue, 'cancelled', reason);
  }
  return ids;
}

/** Expires a request left pending past its expiry. Idempotent: anything else is left alone. */
export function expireBooking({ db }: OwnDbDeps, id: number, now = nowMs()): boolean {
  return db.transaction((tx) => {
    const [booking] = findBookings(tx, [id]);
    if (!booking || booking.status !== 'pending' || booking.expiresAt.getTime() > now) return false;
    const venue = findVenue({ db: tx }, booking.venueId);
    const after = setStatus(tx, booking, 'expired', SYSTEM, null);
    tellOrganizer(tx, [after], venue, 'expired', null);
    tellDeciders(tx, [after], venue, 'expired', null);
    return true;
  }, IMMEDIATE);
}

/** Expires every overdue pending request: the safety net behind the delayed expiry jobs. */
export function expireOverdue({ db }: OwnDbDeps, now = nowMs()): number {
  return overduePendingIds(db, new Date(now)).filter((id) => expireBooking({ db }, id, now)).length;
}

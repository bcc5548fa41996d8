import { recordAudit, type Actor } from '../audit/audit.js';
import type { Tx } from '../db/database.js';
import { ConflictError } from '../errors/http-errors.js';
import { queueParkNotice } from '../park-notices/park-robots.js';
import { queueEmail } from '../mail/email-outbox.js';
import { outcomeMail, type Instead, type Outcome, type WithdrawnWhy } from './booking-mails.js';
import { nowDate } from '../time/clock.js';
import { findVenue, type VenueRow } from '../venues/venues-service.js';
import { approvedOfGroup, deciders, findMember, updateBookingAtVersion, type BookingRow } from './bookings-dal.js';

/** A request's status changes and who is told: shared by decisions, expiry, blackouts and groups. */

export function assertVersion(booking: BookingRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== booking.version) {
    throw new ConflictError(`Booking request ${booking.id} changed since you saw it (version ${expected}, now ${booking.version}); reload and decide again.`, {
      rule: 'stale-version',
      currentVersion: booking.version,
    }).say('errStaleVersion');
  }
}

export function assertPending(tx: Tx, booking: BookingRow, now: number): void {
  if (booking.status === 'withdrawn' && booking.groupId) {
    const winner = approvedOfGroup(tx, booking.groupId);
    if (winner) {
      const venue = findVenue({ db: tx }, winner.venueId);
      throw new ConflictError(`Booking request ${booking.id} was withdrawn: ${venue.name} approved request ${winner.id} of the same group first.`, {
        rule: 'placed-elsewhere',
        winner: winner.id,
        winnerVenue: venue.name,
      }).say('errPlacedElsewhere', { venue: venue.name });
    }
  }
  if (booking.status !== 'pending') {
    throw new ConflictError(`Booking request ${booking.id} is already ${booking.status}.`, { rule: 'not-pending', currentStatus: booking.status }).say('errAlreadyDecided');
  }
  if (booking.expiresAt.getTime() <= now) {
    throw new ConflictError(`Booking request ${booking.id} has expired without a decision.`, { rule: 'expired' }).say('errRequestExpired');
  }
}

export function setStatus(tx: Tx, booking: BookingRow, status: Outcome, actor: Actor, note: string | null): BookingRow {
  const after = updateBookingAtVersion(tx, booking.id, booking.version, { status, version: booking.version + 1, decisionNote: note, decidedBy: actor.memberId, decidedAt: nowDate() });
  // The version guard cannot fail inside an immediate transaction; this is belt and braces.
  if (!after) throw new ConflictError(`Booking request ${booking.id} changed while deciding; reload and try again.`, { rule: 'stale-version' }).say('errStaleVersion');
  recordAudit(tx, { entityType: 'booking', entityId: booking.id, action: status, actor, before: booking, after });
  return after;
}

/** `publicUrl`, when the outcome is an approval: the mail then links to creating the event on the booking. */
/** `instead`: venues free for the same slot, offered after a decline, and the request page that asks one of them. */
export function tellOrganizer(tx: Tx, rows: BookingRow[], venue: VenueRow, outcome: Outcome, note: string | null, publicUrl?: string, instead?: Instead): void {
  if (rows.length === 0) return;
  const organizer = findMember(tx, rows[0]!.requestedBy);
  const createEventUrl = outcome === 'approved' && publicUrl ? `${publicUrl}/my/events/new?booking=${rows[0]!.id}` : undefined;
  queueEmail(tx, `booking-${outcome}`, outcomeMail(organizer, { bookings: rows, venue, outcome, note, createEventUrl, instead }));
}

/** `why` says, for a withdrawal, whether another venue approved first or the organizer took the request back. */
export function tellDeciders(tx: Tx, rows: BookingRow[], venue: VenueRow, outcome: Outcome, note: string | null, why?: WithdrawnWhy): void {
  for (const manager of deciders(tx, venue.organizationId)) {
    queueEmail(tx, `booking-${outcome}`, outcomeMail(manager, { bookings: rows, venue, outcome, note, why }));
  }
  // The park's group hears of a request taken back (withdrawn, or cancelled by the organizer), not of one that lapsed.
  if ((outcome === 'withdrawn' || outcome === 'cancelled') && rows[0]) queueParkNotice(tx, venue.organizationId, rows[0].id, 'withdrawn');
}


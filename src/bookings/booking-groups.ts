import type { Principal } from '../auth/principal.js';
import type { Actor } from '../audit/audit.js';
import { IMMEDIATE, type Tx } from '../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowMs } from '../time/clock.js';
import { findVenue } from '../venues/venues-service.js';
import { assertNoEventStandsOn } from './booking-endings.js';
import { setStatus, tellDeciders } from './booking-status.js';
import { toBookingView } from './booking-view.js';
import { groupBookings, pendingSiblings, type BookingRow } from './bookings-dal.js';
import type { BookingView } from './bookings-schemas.js';

/**
 * One organizer, one slot, several venues (a group): the first approval wins. Called inside the
 * approval's immediate transaction, so of two managers approving two requests of one group at
 * once, the second finds its request withdrawn and gets a 409 naming the winner.
 */
export function withdrawSiblings(tx: Tx, winner: BookingRow, actor: Actor): BookingRow[] {
  if (!winner.groupId) return [];
  const siblings = pendingSiblings(tx, winner.groupId, winner.id);
  return siblings.map((booking) => {
    const after = setStatus(tx, booking, 'withdrawn', actor, null);
    tellDeciders(tx, [after], findVenue({ db: tx }, booking.venueId), 'withdrawn', null, 'placed-elsewhere');
    return after;
  });
}

function groupRows(tx: Tx, groupId: string): BookingRow[] {
  return groupBookings(tx, groupId);
}

/**
 * The organizer (or a coordinator) takes a whole group back: pending requests are withdrawn and
 * an approved one not yet started is cancelled; each park's managers are told. Refused, whole,
 * while an event stands on any of them.
 */
export function withdrawGroup({ db }: OwnDbDeps, principal: Principal, groupId: string, reason: string | undefined, actor: Actor): { items: BookingView[] } {
  return db.transaction((tx) => {
    const rows = groupRows(tx, groupId);
    if (rows.length === 0) throw new NotFoundError('Booking group', groupId);
    if (principal.role !== 'coordinator' && principal.organizationId !== rows[0]!.organizationId) {
      throw new ForbiddenError('Only the requesting organization and coordinators withdraw a group of requests.').say('errCancelNotYours');
    }
    const now = nowMs();
    const open = rows.filter((b) => b.status === 'pending' || (b.status === 'approved' && b.startAt.getTime() > now));
    if (open.length === 0) throw new ConflictError(`No request of group ${groupId} is pending or approved any more.`, { rule: 'not-cancellable' }).say('errGroupDecided');
    assertNoEventStandsOn(tx, open);
    for (const booking of open) {
      const outcome = booking.status === 'pending' ? 'withdrawn' : 'cancelled';
      const after = setStatus(tx, booking, outcome, actor, reason ?? null);
      tellDeciders(tx, [after], findVenue({ db: tx }, booking.venueId), outcome, after.decisionNote, outcome === 'withdrawn' ? 'by-organizer' : undefined);
    }
    return { items: groupRows(tx, groupId).map((row) => toBookingView(row, findVenue({ db: tx }, row.venueId).timezone)) };
  }, IMMEDIATE);
}

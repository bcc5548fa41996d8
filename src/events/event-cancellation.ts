import { writeAnnouncement } from '../announcements/announcements.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { cancelInTransaction } from '../bookings/booking-decisions.js';
import { bookingRow, eventsOnBookings } from '../bookings/bookings-service.js';
import type { Tx } from '../db/database.js';
import type { EventRegistrants } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { findVenue } from '../venues/venues-service.js';
import { findEventWithPlace, updateEventRow, type EventRow } from './events-dal.js';

/** The caller's transaction, and what a cancellation does to the event's registrations. */
export interface CancellationDeps {
  db: Tx;
  registrants: EventRegistrants;
}

/**
 * Cancels an event inside the caller's transaction: a published one gets a `cancelled`
 * announcement (partner channels and subscribers) and everyone registered is mailed once.
 * `releaseBooking`: its booking, if still to come, is cancelled and the park's managers told —
 * unless the caller ends the booking itself (a forcing blackout tells its organizer instead).
 */
export function cancelEventInTransaction({ db: tx, registrants }: CancellationDeps, id: number, reason: string | undefined, actor: Actor, releaseBooking: boolean): EventRow {
  const place = findEventWithPlace(tx, id);
  const before = place.event;
  const wasPublished = before.status === 'published';
  const after = updateEventRow(tx, id, { status: 'cancelled', sequence: wasPublished ? before.sequence + 1 : before.sequence, updatedAt: nowDate() });
  recordAudit(tx, { entityType: 'event', entityId: id, action: 'cancelled', actor, before, after });
  const booking = releaseBooking && before.bookingId ? bookingRow({ db: tx }, before.bookingId) : null;
  if (booking && booking.startAt.getTime() > nowMs()) {
    const venue = findVenue({ db: tx }, booking.venueId);
    cancelInTransaction({ db: tx }, venue, [booking.id], reason ?? `Event “${before.title}” was cancelled.`, actor, 'deciders');
  }
  if (wasPublished) {
    writeAnnouncement(tx, id, 'cancelled', after.sequence);
    registrants.cancelled(tx, id);
  }
  return after;
}

/** A forcing blackout takes the events standing on the bookings it ends with it; their ids. */
export function cancelEventsStandingOn(deps: CancellationDeps, bookingIds: number[], reason: string, actor: Actor): number[] {
  return eventsOnBookings({ db: deps.db }, bookingIds).map((event) => cancelEventInTransaction(deps, event.id, reason, actor, false).id);
}

import type { DbOrTx } from '../db/database.js';
import { ConflictError } from '../errors/http-errors.js';
import { eventsStandingOn, type BookingRow } from './bookings-dal.js';

/**
 * The rule for ending a booking (cancelling it, withdrawing its group): a booking that a draft or
 * published event stands on does not end on its own. Its organizer cancels the event (which
 * releases the booking and tells everyone registered) or moves it to another booking first; the
 * refusal names the event and how many people are registered. A park that must close the venue
 * uses a forcing blackout, which takes the events with it (blackouts-service.ts).
 */
export function assertNoEventStandsOn(db: DbOrTx, ending: Pick<BookingRow, 'id'>[]): void {
  const standing = eventsStandingOn(
    db,
    ending.map((b) => b.id),
  )[0];
  if (!standing) return;
  throw new ConflictError(
    `Booking ${standing.bookingId} hosts ${standing.status} event ${standing.id} “${standing.title}” (${standing.registered} registered); cancel the event, or move it to another booking, first.`,
    { rule: 'hosts-event', event: standing },
  ).say('errBookingHostsEvent', { title: standing.title, n: standing.registered });
}

import type { Principal } from '../auth/principal.js';
import type { DbOrTx } from '../db/database.js';
import { groupBookings } from './bookings-dal.js';
import { organizationNamesOf } from '../organizations/organizations-service.js';
import type { DbDeps } from '../services/service-deps.js';
import { WEEKDAYS } from '../time/opening-hours.js';
import { candidateVenues, freeMatches, zonedSlot, type ParsedSearch } from './venue-matching.js';
import { findVenue } from '../venues/venues-service.js';
import { findBooking, type BookingRow } from './bookings-dal.js';
import { assertCanSee } from './bookings-service.js';

/** What a declined or conflicting request's organizer is offered instead. */
export interface Alternative {
  venueId: number;
  name: string;
  park: string;
  capacity: number;
  feePerHour: number;
}

const ALTERNATIVES = 3;

/**
 * The best-fitting venues free for exactly the request's slot and big enough for its people —
 * the venue search with the slot as its window — other than the venues it (or its group) asked.
 */
export function alternativesFor(db: DbOrTx, booking: Pick<BookingRow, 'venueId' | 'groupId' | 'startAt' | 'endAt' | 'expectedAttendance'>, count = ALTERNATIVES): Alternative[] {
  const asked = booking.groupId ? groupBookings(db, booking.groupId).map((b) => b.venueId) : [booking.venueId];
  const window = { start: booking.startAt.getTime(), end: booking.endAt.getTime() };
  const search: ParsedSearch = { window, ms: window.end - window.start, capacity: booking.expectedAttendance, amenities: [], parks: [], maxFee: undefined, weekdays: [...WEEKDAYS], earliest: '00:00', latest: '24:00', zone: 'UTC' };
  const candidates = candidateVenues({ db }, search).filter((venue) => !asked.includes(venue.id));
  const best = freeMatches({ db }, candidates, search).slice(0, count);
  const parks = organizationNamesOf({ db }, best.map((m) => m.venue.organizationId));
  return best.map(({ venue }) => ({ venueId: venue.id, name: venue.name, park: parks.get(venue.organizationId) ?? '', capacity: venue.capacity, feePerHour: venue.feePerHour }));
}

/** `GET /v1/bookings/:id/alternatives`: for whoever may see the request. */
export function bookingAlternatives({ db }: DbDeps, principal: Principal, id: number) {
  const booking = findBooking(db, id);
  const venue = findVenue({ db }, booking.venueId);
  assertCanSee(principal, booking, venue);
  return { ...zonedSlot({ start: booking.startAt.getTime(), end: booking.endAt.getTime() }, venue.timezone), items: alternativesFor(db, booking) };
}

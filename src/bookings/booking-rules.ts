import type { DbOrTx } from '../db/database.js';
import { BadRequestError, ConflictError } from '../errors/http-errors.js';
import type { VenueRow } from '../venues/venues-service.js';
import { covers, type Interval } from '../time/intervals.js';
import { inZone } from '../time/instants.js';
import { openingIntervals } from '../time/opening-hours.js';
import { blackoutsOverlapping } from './bookings-dal.js';
import { MAX_BOOKING_MS } from './booking-limits.js';

/** How far ahead a venue can be requested. */
export const MAX_ADVANCE_MS = 366 * 24 * 3600_000;

/**
 * Checks a requested slot against every rule of the venue. Each failure names its rule and,
 * for bad input, the field; `label` tells which occurrence of a recurrence failed.
 */
export function checkSlot(db: DbOrTx, venue: VenueRow, slot: Interval, attendance: number, now: number, label = ''): void {
  const where = label ? ` (${label})` : '';
  if (!venue.active) throw new ConflictError(`${venue.name} is deactivated and takes no requests.`, { rule: 'venue-active' }).say('errVenueInactive', { venue: venue.name });
  if (slot.end <= slot.start) throw new BadRequestError('end must be after start.', 'end', { rule: 'end-after-start' }).say('errEndAfterStart');
  if (slot.start <= now) throw new BadRequestError(`start must be in the future${where}.`, 'start', { rule: 'in-future' }).say('errStartInFuture');
  if (slot.start - now > MAX_ADVANCE_MS) throw new BadRequestError(`start may be at most a year ahead${where}.`, 'start', { rule: 'max-advance' }).say('errMaxAdvance');
  if (slot.end - slot.start > MAX_BOOKING_MS) throw new BadRequestError('A booking may last at most 7 days.', 'end', { rule: 'max-duration' }).say('errBookingTooLong');
  if (attendance > venue.capacity) {
    throw new BadRequestError(`expectedAttendance ${attendance} exceeds ${venue.name}'s capacity of ${venue.capacity}.`, 'expectedAttendance', { rule: 'capacity' }).say('errOverCapacity', { venue: venue.name, capacity: venue.capacity, attendance });
  }
  const open = openingIntervals(venue.openingHours, venue.timezone, slot);
  if (!covers(open, slot)) {
    throw new BadRequestError(
      `${inZone(slot.start, venue.timezone)}–${inZone(slot.end, venue.timezone)}${where} is outside ${venue.name}'s opening hours.`,
      'start',
      { rule: 'opening-hours' },
    ).say('errOutsideOpeningHours', { venue: venue.name, when: { start: slot.start, end: slot.end, zone: venue.timezone } });
  }
  const blocked = blackoutsOverlapping(db, venue.id, slot);
  if (blocked.length > 0) {
    throw new ConflictError(`${venue.name} is not bookable then${where}: ${blocked.map((b) => b.reason).join('; ')}.`, {
      rule: 'blackout',
      blackouts: blocked.map((b) => ({ id: b.id, start: inZone(b.startAt.getTime(), venue.timezone), end: inZone(b.endAt.getTime(), venue.timezone) })),
    }).say('errBlackout', { venue: venue.name, reasons: blocked.map((b) => b.reason).join('; ') });
  }
}

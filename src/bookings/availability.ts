import { takenIntervals } from './bookings-dal.js';
import type { DbDeps } from '../services/service-deps.js';
import { BadRequestError } from '../errors/http-errors.js';
import { clip, subtract, type Interval } from '../time/intervals.js';
import { inZone, parseInstant } from '../time/instants.js';
import { openingIntervals } from '../time/opening-hours.js';
import { findVenue, type VenueRow } from '../venues/venues-service.js';

const MAX_WINDOW_MS = 31 * 24 * 3600_000;

/**
 * A venue's free time in a window: its opening hours (in its zone) minus blackouts minus approved
 * bookings, read for the window only (through the venue/status/start index; `taken` when the
 * caller read it already for many venues at once). The availability answer and the alliance-wide
 * search both use it.
 */
export function freeIntervals(
  { db }: DbDeps,
  venue: Pick<VenueRow, 'id' | 'openingHours' | 'timezone'>,
  window: Interval,
  taken: Interval[] = takenIntervals(db, [venue.id], window).get(venue.id)!,
): Interval[] {
  return subtract(clip(openingIntervals(venue.openingHours, venue.timezone, window), window), taken);
}

/** Free time of a venue in [from, to): opening hours minus blackouts minus approved bookings, in its zone. */
export function venueAvailability({ db }: DbDeps, venueId: number, query: { from: string; to: string }) {
  const venue = findVenue({ db }, venueId);
  const window = { start: parseInstant(query.from, 'from'), end: parseInstant(query.to, 'to') };
  if (window.end <= window.start) throw new BadRequestError('to must be after from.', 'to').say('errEndAfterStart');
  if (window.end - window.start > MAX_WINDOW_MS) throw new BadRequestError('The window may span at most 31 days.', 'to').say('errWindow31');

  const free = venue.active ? freeIntervals({ db }, venue, window) : [];
  return {
    venueId: venue.id,
    timezone: venue.timezone,
    from: inZone(window.start, venue.timezone),
    to: inZone(window.end, venue.timezone),
    free: free.map((i) => ({ start: inZone(i.start, venue.timezone), end: inZone(i.end, venue.timezone) })),
  };
}

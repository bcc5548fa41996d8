import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { Duration } from 'luxon';
import { venues } from '../db/schema.js';
import { BadRequestError } from '../errors/http-errors.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import type { DbDeps } from '../services/service-deps.js';
import { intersect, type Interval } from '../time/intervals.js';
import { inZone, parseInstant } from '../time/instants.js';
import { openingIntervals, WEEKDAYS, type OpeningHours, type Weekday } from '../time/opening-hours.js';
import { freeIntervals } from './availability.js';
import { toVenueView } from './venues-service.js';

export const MAX_SEARCH_DAYS = 62;
const SLOTS_PER_VENUE = 5;

export interface VenueSearchQuery {
  from: string;
  to: string;
  /** ISO 8601, e.g. PT2H. */
  duration: string;
  capacity: number;
  amenities?: string[];
  parks?: number[];
  maxFee?: number;
  weekdays?: Weekday[];
  /** Local times of day (HH:MM) in each venue's zone: slots start no earlier and end no later. */
  earliest?: string;
  latest?: string;
  cursor?: string;
  limit?: number;
}

/** The window, the duration in ms and the local-time limits, checked: a 400 names the field. */
function parseQuery(query: VenueSearchQuery) {
  const window = { start: parseInstant(query.from, 'from'), end: parseInstant(query.to, 'to') };
  if (window.end <= window.start) throw new BadRequestError('to must be after from.', 'to').say('errEndAfterStart');
  if (window.end - window.start > MAX_SEARCH_DAYS * 24 * 3600_000) throw new BadRequestError(`The window may span at most ${MAX_SEARCH_DAYS} days.`, 'to').say('errSearchWindow', { n: MAX_SEARCH_DAYS });
  const duration = Duration.fromISO(query.duration);
  const ms = duration.isValid ? duration.as('milliseconds') : NaN;
  if (!(ms > 0)) throw new BadRequestError('duration must be an ISO 8601 duration such as PT2H.', 'duration').say('errSearchDuration');
  if (ms > window.end - window.start) throw new BadRequestError('duration is longer than the window.', 'duration').say('errSearchDurationLong');
  const earliest = query.earliest ?? '00:00';
  const latest = query.latest ?? '24:00';
  if (earliest >= latest) throw new BadRequestError('earliest must be before latest.', 'latest').say('errEndAfterStart');
  return { window, ms, earliest, latest, weekdays: query.weekdays?.length ? query.weekdays : [...WEEKDAYS] };
}

/**
 * Venues across the alliance with at least one free interval of `duration` in the window: free is
 * inside opening hours, outside blackouts and approved bookings, and inside the asked weekdays
 * and local hours — each in the venue's own zone (DST-correct: the days are laid out by luxon in
 * that zone). Candidate venues are narrowed in SQL (active, capacity, park, fee); each one's
 * calendar is read only for the window through the (venue, status, start) index, so the cost grows
 * with the venues that fit, not with all bookings. Ordered by fit: the capacity closest above the
 * need, then the fee, then the earliest slot.
 */
export function searchVenues({ db }: DbDeps, query: VenueSearchQuery) {
  const { window, ms, earliest, latest, weekdays } = parseQuery(query);
  const limit = query.limit ?? 20;
  const offset = decodeCursor(query.cursor) ?? 0;
  const wanted = (query.amenities ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean);
  const candidates = db
    .select()
    .from(venues)
    .where(
      and(
        eq(venues.active, true),
        gte(venues.capacity, query.capacity),
        query.parks?.length ? inArray(venues.organizationId, query.parks) : undefined,
        query.maxFee !== undefined ? lte(venues.feePerHour, query.maxFee) : undefined,
      ),
    )
    .all()
    .filter((venue) => wanted.every((amenity) => venue.amenities.some((has) => has.toLowerCase() === amenity)));

  // The asked weekdays and hours as opening hours of their own, laid out in each venue's zone.
  const asked: OpeningHours = Object.fromEntries(weekdays.map((day) => [day, [{ open: earliest, close: latest }]]));
  const found = candidates.flatMap((venue) => {
    const free = intersect(freeIntervals({ db }, venue, window), openingIntervals(asked, venue.timezone, window)).filter((i) => i.end - i.start >= ms);
    if (free.length === 0) return [];
    const slots: Interval[] = free.slice(0, SLOTS_PER_VENUE).map((i) => ({ start: i.start, end: i.start + ms }));
    return [{ venue, slots }];
  });
  found.sort((a, b) => a.venue.capacity - b.venue.capacity || a.venue.feePerHour - b.venue.feePerHour || a.slots[0]!.start - b.slots[0]!.start || a.venue.id - b.venue.id);
  const page = found.slice(offset, offset + limit);
  return {
    items: page.map(({ venue, slots }) => ({
      venue: toVenueView(venue),
      slots: slots.map((s) => ({ start: inZone(s.start, venue.timezone), end: inZone(s.end, venue.timezone) })),
    })),
    total: found.length,
    nextCursor: offset + limit < found.length ? encodeCursor(offset + limit) : null,
  };
}

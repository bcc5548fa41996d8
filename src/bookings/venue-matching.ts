import type { DbDeps } from '../services/service-deps.js';
import { intersect, type Interval } from '../time/intervals.js';
import { inZone } from '../time/instants.js';
import { openingIntervals, type OpeningHours, type Weekday } from '../time/opening-hours.js';
import { takenIntervals } from './bookings-dal.js';
import { freeIntervals } from './availability.js';
import { activeVenues, type VenueRow } from '../venues/venues-service.js';

const SLOTS_PER_VENUE = 5;

/** A search with its input checked and parsed: what the matching and the relaxations work on. */
export interface ParsedSearch {
  window: Interval;
  ms: number;
  capacity: number;
  amenities: string[];
  parks: number[];
  maxFee: number | undefined;
  weekdays: Weekday[];
  earliest: string;
  latest: string;
  /** The zone of the offset `from` was given in: later windows are said in it. */
  zone: string;
}

/** Active venues in the asked parks; with `all`, also those the capacity, fee or amenities rule out (for relaxations). */
export function candidateVenues({ db }: DbDeps, search: ParsedSearch, all = false): VenueRow[] {
  return activeVenues({ db }, { parks: search.parks, minCapacity: all ? undefined : search.capacity, maxFee: all ? undefined : search.maxFee }).filter(
    (venue) => all || missingAmenities(venue, search).length === 0,
  );
}

export function missingAmenities(venue: Pick<VenueRow, 'amenities'>, search: Pick<ParsedSearch, 'amenities'>): string[] {
  const has = new Set(venue.amenities.map((a) => a.toLowerCase()));
  return search.amenities.filter((a) => !has.has(a));
}

export interface VenueMatch {
  venue: VenueRow;
  /** Up to 5 candidate slots, earliest first. */
  slots: Interval[];
  /** Every free interval long enough, for finding a slot several venues share. */
  free: Interval[];
}

/**
 * The venues among `candidates` with a free interval of the duration in the window: free is
 * inside opening hours, outside blackouts and approved bookings, and inside the asked weekdays
 * and local hours — each in the venue's own zone (DST-correct: the days are laid out by luxon in
 * that zone). Each venue's calendar is read only for the window through the (venue, status,
 * start) index, so the cost grows with the venues that fit, not with all bookings. Ordered by
 * fit: the capacity closest above the need, then the fee, then the earliest slot.
 */
export function freeMatches({ db }: DbDeps, candidates: VenueRow[], search: ParsedSearch): VenueMatch[] {
  // The asked weekdays and hours as opening hours of their own, laid out in each venue's zone.
  const asked: OpeningHours = Object.fromEntries(search.weekdays.map((day) => [day, [{ open: search.earliest, close: search.latest }]]));
  const taken = takenIntervals(db, candidates.map((venue) => venue.id), search.window);
  const found = candidates.flatMap((venue) => {
    const free = intersect(freeIntervals({ db }, venue, search.window, taken.get(venue.id)), openingIntervals(asked, venue.timezone, search.window)).filter((i) => i.end - i.start >= search.ms);
    if (free.length === 0) return [];
    return [{ venue, free, slots: free.slice(0, SLOTS_PER_VENUE).map((i) => ({ start: i.start, end: i.start + search.ms })) }];
  });
  return found.sort((a, b) => a.venue.capacity - b.venue.capacity || a.venue.feePerHour - b.venue.feePerHour || a.slots[0]!.start - b.slots[0]!.start || a.venue.id - b.venue.id);
}

export const zonedSlot = (slot: Interval, zone: string) => ({ start: inZone(slot.start, zone), end: inZone(slot.end, zone) });



/**
 * The best-fitting venues (up to `most`) that share one free slot of `ms`, for asking them all at
 * once: greedily from the best fit down, a venue joins when the slot the group can still share
 * stays long enough. Null when no two venues share a slot.
 */
export function sharedSlot(matches: VenueMatch[], ms: number, most = 3): { venues: VenueRow[]; slot: Interval } | null {
  for (let first = 0; first < matches.length - 1; first++) {
    let shared = matches[first]!.free;
    const chosen = [matches[first]!.venue];
    for (const match of matches.slice(first + 1)) {
      if (chosen.length === most) break;
      const both = intersect(shared, match.free).filter((i) => i.end - i.start >= ms);
      if (both.length === 0) continue;
      shared = both;
      chosen.push(match.venue);
    }
    if (chosen.length > 1) return { venues: chosen, slot: { start: shared[0]!.start, end: shared[0]!.start + ms } };
  }
  return null;
}

import { DateTime } from 'luxon';
import type { DbDeps } from '../services/service-deps.js';
import { WEEKDAYS } from '../time/opening-hours.js';
import type { RELAXATIONS } from '../venues/venues-schemas.js';
import { candidateVenues, freeMatches, missingAmenities, type ParsedSearch, type VenueMatch } from './venue-matching.js';

export type RelaxationKind = (typeof RELAXATIONS)[number];

/** Query parameters to change (null: leave the parameter out) for the search to find something. */
export type QueryChange = Partial<Record<'from' | 'to' | 'capacity' | 'amenities' | 'maxFee' | 'weekdays' | 'earliest' | 'latest' | 'park', string | null>>;

export interface Relaxation {
  relax: RelaxationKind;
  change: QueryChange;
  /** Venues the relaxed search finds. */
  total: number;
  /** How far the relaxation moves from what was asked (0 = not at all); the nearest comes first. */
  distance: number;
}

/** How many windows later to look: a week's search then looks up to a month ahead. */
const LATER_WINDOWS = 4;

/**
 * When nothing is free: each single change to the search that would find venues, nearest first.
 * Computed from the calendars, not a fixed sentence: the largest capacity still free (when fewer
 * people would fit), the fewest amenities to drop, the lowest fee to allow, the first later
 * window of the same length, any time of day, any park. Distance is the share of the asked value
 * given up (capacity, amenities, fee) or a fixed step per coarser change (0.3 per later window).
 */
export function suggestRelaxations({ db }: DbDeps, search: ParsedSearch): Relaxation[] {
  const out: Relaxation[] = [];
  const anyVenue = freeMatches({ db }, candidateVenues({ db }, search, true), search);
  const capacityOk = (m: VenueMatch) => m.venue.capacity >= search.capacity;
  const feeOk = (m: VenueMatch) => search.maxFee === undefined || m.venue.feePerHour <= search.maxFee;
  const amenitiesOk = (m: VenueMatch) => missingAmenities(m.venue, search).length === 0;

  const smaller = anyVenue.filter((m) => feeOk(m) && amenitiesOk(m));
  if (smaller.length > 0) {
    const capacity = Math.max(...smaller.map((m) => m.venue.capacity));
    out.push({ relax: 'capacity', change: { capacity: String(capacity) }, total: smaller.filter((m) => m.venue.capacity >= capacity).length, distance: (search.capacity - capacity) / search.capacity });
  }

  const fewer = anyVenue.filter((m) => capacityOk(m) && feeOk(m)).map((m) => missingAmenities(m.venue, search));
  if (fewer.length > 0) {
    // The smallest set of amenities to drop; of equal ones, the one that lets in the most venues.
    const fits = (drop: string[]) => fewer.filter((missing) => missing.every((a) => drop.includes(a))).length;
    const drop = fewer.sort((a, b) => a.length - b.length || fits(b) - fits(a))[0]!;
    const keep = search.amenities.filter((a) => !drop.includes(a));
    out.push({ relax: 'amenities', change: { amenities: keep.length ? keep.join(',') : null }, total: fits(drop), distance: drop.length / search.amenities.length });
  }

  const dearer = anyVenue.filter((m) => capacityOk(m) && amenitiesOk(m));
  if (dearer.length > 0 && search.maxFee !== undefined) {
    const fee = Math.min(...dearer.map((m) => m.venue.feePerHour));
    out.push({ relax: 'maxFee', change: { maxFee: String(fee) }, total: dearer.filter((m) => m.venue.feePerHour <= fee).length, distance: (fee - search.maxFee) / fee });
  }

  const narrowed = search.weekdays.length < WEEKDAYS.length || search.earliest !== '00:00' || search.latest !== '24:00';
  if (narrowed) {
    const total = freeMatches({ db }, candidateVenues({ db }, search), { ...search, weekdays: [...WEEKDAYS], earliest: '00:00', latest: '24:00' }).length;
    if (total > 0) out.push({ relax: 'hours', change: { weekdays: null, earliest: null, latest: null }, total, distance: 0.5 });
  }

  if (search.parks.length > 0) {
    const total = freeMatches({ db }, candidateVenues({ db }, { ...search, parks: [] }), search).length;
    if (total > 0) out.push({ relax: 'parks', change: { park: null }, total, distance: 0.6 });
  }

  const length = search.window.end - search.window.start;
  const candidates = candidateVenues({ db }, search);
  for (let k = 1; k <= LATER_WINDOWS && candidates.length > 0; k++) {
    const window = { start: search.window.start + k * length, end: search.window.end + k * length };
    const total = freeMatches({ db }, candidates, { ...search, window }).length;
    if (total === 0) continue;
    const at = (ms: number) => DateTime.fromMillis(ms, { zone: search.zone }).toISO({ suppressMilliseconds: true })!;
    out.push({ relax: 'later', change: { from: at(window.start), to: at(window.end) }, total, distance: 0.3 * k });
    break;
  }

  return out.sort((a, b) => a.distance - b.distance || b.total - a.total);
}

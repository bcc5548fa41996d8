import { DateTime, Duration } from 'luxon';
import { BadRequestError } from '../errors/http-errors.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import type { DbDeps } from '../services/service-deps.js';
import { parseInstant } from '../time/instants.js';
import { WEEKDAYS, type Weekday } from '../time/opening-hours.js';
import { candidateVenues, freeMatches, sharedSlot, zonedSlot, type ParsedSearch } from './venue-matching.js';
import { suggestRelaxations } from './venue-search-relax.js';
import { amenitiesOffered, knownVenueOwners, toVenueView } from '../venues/venues-service.js';

export const MAX_SEARCH_DAYS = 62;

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

/** The window, the duration, the local-time limits, the parks and amenities, checked: a 400 names the field. */
function parseQuery({ db }: DbDeps, query: VenueSearchQuery): ParsedSearch {
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
  const parks = [...new Set(query.parks ?? [])];
  if (parks.length > 0) {
    const known = knownVenueOwners({ db }, parks);
    const unknown = parks.filter((id) => !known.has(id));
    if (unknown.length) throw new BadRequestError(`No park or base has id ${unknown.join(', ')}.`, 'park').say('errSearchUnknownPark', { ids: unknown.join(', ') });
  }
  const amenities = [...new Set((query.amenities ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (amenities.length > 0) {
    const offered = amenitiesOffered({ db });
    const unknown = amenities.filter((a) => !offered.has(a));
    if (unknown.length) throw new BadRequestError(`No venue offers ${unknown.join(', ')}.`, 'amenities').say('errSearchUnknownAmenity', { amenities: unknown.join(', ') });
  }
  const weekdays = query.weekdays?.length ? [...new Set(query.weekdays)] : [...WEEKDAYS];
  return { zone: DateTime.fromISO(query.from, { setZone: true }).zoneName ?? 'UTC', window, ms, capacity: query.capacity, amenities, parks, maxFee: query.maxFee, weekdays, earliest, latest };
}

/** Venues across the alliance with a free slot for the search; when none, the nearest relaxations that would give some. */
export function searchVenues({ db }: DbDeps, query: VenueSearchQuery) {
  const search = parseQuery({ db }, query);
  const limit = query.limit ?? 20;
  const offset = decodeCursor(query.cursor) ?? 0;
  const found = freeMatches({ db }, candidateVenues({ db }, search), search);
  const page = found.slice(offset, offset + limit);
  const together = sharedSlot(found, search.ms);
  return {
    items: page.map(({ venue, slots }) => ({ venue: toVenueView(venue), slots: slots.map((s) => zonedSlot(s, venue.timezone)) })),
    total: found.length,
    nextCursor: offset + limit < found.length ? encodeCursor(offset + limit) : null,
    together: together && { venueIds: together.venues.map((v) => v.id), ...zonedSlot(together.slot, together.venues[0]!.timezone) },
    suggestions: found.length === 0 ? suggestRelaxations({ db }, search) : [],
  };
}

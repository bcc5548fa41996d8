import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { assertManagesPark } from '../auth/park-access.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { ownsVenues } from '../organizations/organizations-service.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { assertTimezone, DEFAULT_TIMEZONE, utc } from '../time/instants.js';
import { assertOpeningHours, DEFAULT_OPENING_HOURS } from '../time/opening-hours.js';
import type { CreateVenueInput, UpdateVenueInput, VenueView } from './venues-schemas.js';
import {
  activeVenuesOf,
  activeVenuesWhere,
  findOwner,
  findVenueRecord,
  insertVenue,
  offeredAmenities,
  ownerOfKind,
  ownersAmong,
  ownersWithVenueCounts,
  updateVenueRecord,
  venuesAfter,
  type VenueRecord,
} from './venues-dal.js';

export type VenueRow = VenueRecord;

export function toVenueView(row: VenueRow): VenueView {
  const { createdAt, ...rest } = row;
  return { ...rest, openingHours: row.openingHours, createdAt: utc(createdAt) };
}

export function findVenue({ db }: DbDeps, id: number): VenueRow {
  const row = findVenueRecord(db, id);
  if (!row) throw new NotFoundError('Venue', id);
  return row;
}

export function createVenue({ db }: OwnDbDeps, principal: Principal, input: CreateVenueInput, actor: Actor): VenueView {
  const owner = findOwner(db, input.organizationId);
  if (!owner) throw new NotFoundError('Organization', input.organizationId);
  assertManagesPark(principal, owner.id);
  if (!ownsVenues(owner)) {
    throw new BadRequestError(`Only parks and bases own venues; ${owner.name} is a ${owner.kind}.`, 'organizationId').say('errOnlyParksOwnVenues', { name: owner.name });
  }
  const timezone = input.timezone ?? DEFAULT_TIMEZONE;
  assertTimezone(timezone);
  const openingHours = input.openingHours ?? DEFAULT_OPENING_HOURS;
  assertOpeningHours(openingHours);
  return db.transaction((tx) => {
    const row = insertVenue(tx, {
      organizationId: owner.id,
      name: input.name.trim(),
      capacity: input.capacity,
      timezone,
      address: input.address ?? null,
      amenities: input.amenities ?? [],
      openingHours,
      feePerHour: input.feePerHour ?? 0,
    });
    recordAudit(tx, { entityType: 'venue', entityId: row.id, action: 'created', actor, after: row });
    return toVenueView(row);
  });
}

export function updateVenue({ db }: OwnDbDeps, principal: Principal, id: number, input: UpdateVenueInput, actor: Actor): VenueView {
  return db.transaction((tx) => {
    const before = findVenue({ db: tx }, id);
    assertManagesPark(principal, before.organizationId);
    if (input.timezone) assertTimezone(input.timezone);
    if (input.openingHours) assertOpeningHours(input.openingHours);
    const after = updateVenueRecord(tx, id, { ...input, name: input.name?.trim() });
    const action = input.active === false && before.active ? 'deactivated' : input.active === true && !before.active ? 'activated' : 'updated';
    recordAudit(tx, { entityType: 'venue', entityId: id, action, actor, before, after });
    return toVenueView(after);
  });
}

export function listVenues(
  { db }: DbDeps,
  query: { park?: number; minCapacity?: number; amenity?: string; includeInactive?: boolean; cursor?: string; limit?: number },
) {
  const limit = query.limit ?? 50;
  const rows = venuesAfter(db, query, decodeCursor(query.cursor) ?? 0, limit);
  return toPage(rows, limit, toVenueView);
}

/** Who owns venues the public directory lists: parks and the state-level bases. */
const VENUE_OWNERS = ['park', 'base'] as const;

/** The public directory: every park and base by name, with its number of active venues. */
export function venueOwners({ db }: DbDeps) {
  return ownersWithVenueCounts(db, VENUE_OWNERS);
}

/** One park or base of the directory with its active venues (404 for any other organization). */
export function venueOwnerWithVenues({ db }: DbDeps, id: number) {
  const owner = ownerOfKind(db, id, VENUE_OWNERS);
  if (!owner) throw new NotFoundError('Park', id);
  return { owner, venues: activeVenuesOf(db, id) };
}

/** Active venues of these parks (every park when none), at least this large and at most this fee when given: what a venue search starts from. */
export function activeVenues({ db }: DbDeps, filter: { parks: number[]; minCapacity?: number; maxFee?: number }): VenueRow[] {
  return activeVenuesWhere(db, filter);
}

/** Which of these ids are parks or bases. */
export function knownVenueOwners({ db }: DbDeps, ids: number[]): Set<number> {
  return ownersAmong(db, ids, VENUE_OWNERS);
}

/** Every amenity some active venue offers, lower-cased (a search naming another is told so). */
export function amenitiesOffered({ db }: DbDeps): Set<string> {
  return offeredAmenities(db);
}

import { and, asc, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { organizations, venues, type OrganizationKind } from '../db/schema.js';

/** Organizations of these kinds by name, each with how many active venues it has. */
export function ownersWithVenueCounts(db: DbOrTx, kinds: readonly OrganizationKind[]) {
  return db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind, venues: sql<number>`(select count(*) from venues v where v.organization_id = ${organizations.id} and v.active = 1)` })
    .from(organizations)
    .where(inArray(organizations.kind, [...kinds]))
    .orderBy(asc(organizations.name))
    .all();
}

/** The organization, if it is of one of these kinds. */
export function ownerOfKind(db: DbOrTx, id: number, kinds: readonly OrganizationKind[]) {
  return db.select().from(organizations).where(and(eq(organizations.id, id), inArray(organizations.kind, [...kinds]))).get();
}

/** An organization's active venues by name. */
export function activeVenuesOf(db: DbOrTx, organizationId: number) {
  return db.select().from(venues).where(and(eq(venues.organizationId, organizationId), eq(venues.active, true))).orderBy(asc(venues.name)).all();
}

export type VenueRecord = typeof venues.$inferSelect;
type VenueValues = typeof venues.$inferInsert;

export function findVenueRecord(db: DbOrTx, id: number): VenueRecord | undefined {
  return db.select().from(venues).where(eq(venues.id, id)).get();
}

export function insertVenue(db: DbOrTx, values: VenueValues): VenueRecord {
  return db.insert(venues).values(values).returning().get();
}

export function updateVenueRecord(db: DbOrTx, id: number, values: Partial<VenueValues>): VenueRecord {
  return db.update(venues).set(values).where(eq(venues.id, id)).returning().get();
}

/** The organization owning (or to own) a venue, if it exists. */
export function findOwner(db: DbOrTx, id: number) {
  return db.select().from(organizations).where(eq(organizations.id, id)).get();
}

export interface VenueFilter {
  park?: number;
  minCapacity?: number;
  amenity?: string;
  includeInactive?: boolean;
}

/** One page of venues after `afterId` in id order (`limit` + 1 rows). */
export function venuesAfter(db: DbOrTx, filter: VenueFilter, afterId: number, limit: number): VenueRecord[] {
  return db
    .select()
    .from(venues)
    .where(
      and(
        gt(venues.id, afterId),
        filter.park ? eq(venues.organizationId, filter.park) : undefined,
        filter.minCapacity ? gte(venues.capacity, filter.minCapacity) : undefined,
        filter.amenity ? sql`exists (select 1 from json_each(${venues.amenities}) where value = ${filter.amenity})` : undefined,
        filter.includeInactive ? undefined : eq(venues.active, true),
      ),
    )
    .orderBy(asc(venues.id))
    .limit(limit + 1)
    .all();
}

/** Active venues of these parks (every park when none), at least this large and at most this fee when given. */
export function activeVenuesWhere(db: DbOrTx, filter: { parks: number[]; minCapacity?: number; maxFee?: number }): VenueRecord[] {
  return db
    .select()
    .from(venues)
    .where(
      and(
        eq(venues.active, true),
        filter.minCapacity !== undefined ? gte(venues.capacity, filter.minCapacity) : undefined,
        filter.parks.length ? inArray(venues.organizationId, filter.parks) : undefined,
        filter.maxFee !== undefined ? lte(venues.feePerHour, filter.maxFee) : undefined,
      ),
    )
    .all();
}

/** Which of these ids are parks or bases (organizations of these kinds). */
export function ownersAmong(db: DbOrTx, ids: number[], kinds: readonly OrganizationKind[]): Set<number> {
  return new Set(db.select({ id: organizations.id }).from(organizations).where(and(inArray(organizations.id, ids), inArray(organizations.kind, [...kinds]))).all().map((o) => o.id));
}

/** Every amenity some active venue offers, lower-cased. */
export function offeredAmenities(db: DbOrTx): Set<string> {
  return new Set(db.select({ amenities: venues.amenities }).from(venues).where(eq(venues.active, true)).all().flatMap((v) => v.amenities.map((a) => a.toLowerCase())));
}

/** A venue's name. */
export function venueName(db: DbOrTx, id: number): string | undefined {
  return db.select({ name: venues.name }).from(venues).where(eq(venues.id, id)).get()?.name;
}

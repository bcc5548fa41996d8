import { and, asc, eq, inArray, sql } from 'drizzle-orm';
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

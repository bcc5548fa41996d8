import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbDeps } from '../services/service-deps.js';
import { organizations, type OrganizationKind } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import type { CreateOrganizationInput, OrganizationView } from './organizations-schemas.js';

type OrganizationRow = typeof organizations.$inferSelect;

function toView(row: OrganizationRow): OrganizationView {
  return { id: row.id, name: row.name, kind: row.kind, contactEmail: row.contactEmail, createdAt: row.createdAt.toISOString() };
}

export function createOrganization({ db }: DbDeps, input: CreateOrganizationInput): OrganizationView {
  const name = input.name.trim();
  const existing = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)).get();
  if (existing) throw new ConflictError(`An organization named "${name}" already exists (id ${existing.id}).`, { field: 'name' }).say('errOrganizationExists', { name });
  const row = db
    .insert(organizations)
    .values({ name, kind: input.kind, contactEmail: input.contactEmail?.toLowerCase() ?? null })
    .returning()
    .get();
  return toView(row);
}

export function getOrganization({ db }: DbDeps, id: number): OrganizationView {
  const row = db.select().from(organizations).where(eq(organizations.id, id)).get();
  if (!row) throw new NotFoundError('Organization', id);
  return toView(row);
}

export function listOrganizations({ db }: DbDeps, query: { kind?: OrganizationKind; cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor) ?? 0;
  const rows = db
    .select()
    .from(organizations)
    .where(and(gt(organizations.id, after), query.kind ? eq(organizations.kind, query.kind) : undefined))
    .orderBy(asc(organizations.id))
    .limit(limit + 1)
    .all();
  return toPage(rows, limit, toView);
}

/** Every organization's id, name and kind by name, for the choices in forms and filters. */
export function organizationNames({ db }: DbDeps) {
  return db.select({ id: organizations.id, name: organizations.name, kind: organizations.kind }).from(organizations).orderBy(asc(organizations.name)).all();
}

/** The names of the organizations with these ids, in one query (none asked, none read). */
export function organizationNamesOf({ db }: DbDeps, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  return new Map(db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)])).all().map((o) => [o.id, o.name]));
}

/** Only parks and bases own venues. */
export const ownsVenues = (organization: { kind: OrganizationKind }) => organization.kind === 'park' || organization.kind === 'base';

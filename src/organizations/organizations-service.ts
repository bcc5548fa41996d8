import type { DbDeps } from '../services/service-deps.js';
import type { OrganizationKind } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import type { CreateOrganizationInput, OrganizationView } from './organizations-schemas.js';

import { findOrganization, findOrganizationByName, insertOrganization, namesByName, namesOf, organizationsAfter, type OrganizationRow } from './organizations-dal.js';

function toView(row: OrganizationRow): OrganizationView {
  return { id: row.id, name: row.name, kind: row.kind, contactEmail: row.contactEmail, createdAt: row.createdAt.toISOString() };
}

export function createOrganization({ db }: DbDeps, input: CreateOrganizationInput): OrganizationView {
  const name = input.name.trim();
  const existing = findOrganizationByName(db, name);
  if (existing) throw new ConflictError(`An organization named "${name}" already exists (id ${existing.id}).`, { field: 'name' }).say('errOrganizationExists', { name });
  const row = insertOrganization(db, { name, kind: input.kind, contactEmail: input.contactEmail?.toLowerCase() ?? null });
  return toView(row);
}

export function getOrganization({ db }: DbDeps, id: number): OrganizationView {
  const row = findOrganization(db, id);
  if (!row) throw new NotFoundError('Organization', id);
  return toView(row);
}

export function listOrganizations({ db }: DbDeps, query: { kind?: OrganizationKind; cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor) ?? 0;
  const rows = organizationsAfter(db, after, limit, query.kind);
  return toPage(rows, limit, toView);
}

/** Every organization's id, name and kind by name, for the choices in forms and filters. */
export function organizationNames({ db }: DbDeps) {
  return namesByName(db);
}

/** The names of the organizations with these ids, in one query (none asked, none read). */
export function organizationNamesOf({ db }: DbDeps, ids: number[]): Map<number, string> {
  return namesOf(db, ids);
}

/** Only parks and bases own venues. */
export const ownsVenues = (organization: { kind: OrganizationKind }) => organization.kind === 'park' || organization.kind === 'base';

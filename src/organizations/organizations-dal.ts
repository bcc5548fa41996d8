import { and, asc, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';
import { organizations, organizationYears, profileProposals, type OrganizationKind, type ProposalStatus } from '../db/schema.js';

export type OrganizationRow = typeof organizations.$inferSelect;
export type OrganizationYearRow = typeof organizationYears.$inferSelect;
export type ProposalRow = typeof profileProposals.$inferSelect;

export function findOrganization(db: DbOrTx, id: number): OrganizationRow | undefined {
  return db.select().from(organizations).where(eq(organizations.id, id)).get();
}

export function findOrganizationByName(db: DbOrTx, name: string): OrganizationRow | undefined {
  return db.select().from(organizations).where(eq(organizations.name, name)).get();
}

export function insertOrganization(db: DbOrTx, values: typeof organizations.$inferInsert): OrganizationRow {
  return db.insert(organizations).values(values).returning().get();
}

export function updateOrganization(db: DbOrTx, id: number, values: Partial<typeof organizations.$inferInsert>): void {
  db.update(organizations).set(values).where(eq(organizations.id, id)).run();
}

/** One page of organizations after `afterId` in id order (`limit` + 1 rows). */
export function organizationsAfter(db: DbOrTx, afterId: number, limit: number, kind?: OrganizationKind): OrganizationRow[] {
  return db
    .select()
    .from(organizations)
    .where(and(gt(organizations.id, afterId), kind ? eq(organizations.kind, kind) : undefined))
    .orderBy(asc(organizations.id))
    .limit(limit + 1)
    .all();
}

/** Every organization's id, name and kind by name. */
export function namesByName(db: DbOrTx) {
  return db.select({ id: organizations.id, name: organizations.name, kind: organizations.kind }).from(organizations).orderBy(asc(organizations.name)).all();
}

/** One statement for any number of ids (a JSON array bound as one parameter), prepared once per database. */
const namesStatement = preparedOnce((db: Db) => db.$client.prepare('select id, name from organizations where id in (select value from json_each(?))').raw());

/** The names of the organizations with these ids (every page naming an event's organizers asks). */
export function namesOf(db: DbOrTx, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = isDatabase(db) ? (namesStatement(db).all(JSON.stringify(ids)) as Array<[number, string]>) : db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)])).all().map((o): [number, string] => [o.id, o.name]);
  return new Map(rows);
}

/** Every organization but the office's, by name. */
export function memberOrganizations(db: DbOrTx): OrganizationRow[] {
  return db.select().from(organizations).where(ne(organizations.kind, 'coordinator')).orderBy(asc(organizations.name)).all();
}

/** The yearly counts of these organizations, earliest year first. */
export function yearsOf(db: DbOrTx, organizationIds: number[]): OrganizationYearRow[] {
  return organizationIds.length ? db.select().from(organizationYears).where(inArray(organizationYears.organizationId, organizationIds)).orderBy(asc(organizationYears.year)).all() : [];
}

/** Sets an organization's counts for a year (a second report of the year replaces the first). */
export function putYear(db: DbOrTx, organizationId: number, year: { year: number; teamsIncubated: number; internationalTeams: number }): void {
  db.insert(organizationYears)
    .values({ organizationId, ...year })
    .onConflictDoUpdate({ target: [organizationYears.organizationId, organizationYears.year], set: { teamsIncubated: year.teamsIncubated, internationalTeams: year.internationalTeams } })
    .run();
}

export function insertProposal(db: DbOrTx, values: typeof profileProposals.$inferInsert): ProposalRow {
  return db.insert(profileProposals).values(values).returning().get();
}

export function findProposal(db: DbOrTx, id: number): ProposalRow | undefined {
  return db.select().from(profileProposals).where(eq(profileProposals.id, id)).get();
}

export function updateProposal(db: DbOrTx, id: number, values: Partial<typeof profileProposals.$inferInsert>): ProposalRow {
  return db.update(profileProposals).set(values).where(eq(profileProposals.id, id)).returning().get();
}

/** One page of proposals before `beforeId`, newest first (`limit` + 1 rows). */
export function proposalsBefore(db: DbOrTx, filter: { status?: ProposalStatus; organizationId?: number }, beforeId: number | undefined, limit: number): ProposalRow[] {
  return db
    .select()
    .from(profileProposals)
    .where(
      and(
        filter.status ? eq(profileProposals.status, filter.status) : undefined,
        filter.organizationId !== undefined ? eq(profileProposals.organizationId, filter.organizationId) : undefined,
        beforeId ? lt(profileProposals.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(profileProposals.id))
    .limit(limit + 1)
    .all();
}

import { recordAudit, type Actor } from '../audit/audit.js';
import type { Principal } from '../auth/principal.js';
import type { DbOrTx } from '../db/database.js';
import type { OrganizationKind, ProfileChanges, ProposalStatus } from '../db/schema.js';
import {
  findOrganization,
  findProposal,
  insertProposal,
  memberOrganizations,
  proposalsBefore,
  putYear,
  updateOrganization,
  updateProposal,
  yearsOf,
  type OrganizationRow,
  type OrganizationYearRow,
  type ProposalRow,
} from './organizations-dal.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { allianceYear } from '../config/default-zone.js';

/** An organization's public profile: the facts the alliance page and the annual review show. */
export function toProfile(row: OrganizationRow, years: OrganizationYearRow[]) {
  return {
    organizationId: row.id,
    name: row.name,
    kind: row.kind,
    level: row.level,
    brand: row.brand,
    floorAreaM2: row.floorAreaM2,
    foundedYear: row.foundedYear,
    address: row.address,
    website: row.website,
    description: row.description,
    years: years.map((y) => ({ year: y.year, teamsIncubated: y.teamsIncubated, internationalTeams: y.internationalTeams })),
  };
}
export type ProfileView = ReturnType<typeof toProfile>;

export function profileOf(db: DbOrTx, organizationId: number): ProfileView {
  const row = findOrganization(db, organizationId);
  if (!row) throw new NotFoundError('Organization', organizationId);
  return toProfile(row, yearsOf(db, [organizationId]));
}

/** What the schema cannot say: a year not in the future, international teams among the teams. */
export function checkChanges(changes: ProfileChanges): void {
  const thisYear = allianceYear(nowMs());
  if (Object.keys(changes).length === 0) throw new BadRequestError('Name at least one field to change.').say('errProfileNothing');
  if (changes.foundedYear != null && changes.foundedYear > thisYear) throw new BadRequestError(`foundedYear ${changes.foundedYear} is in the future.`, 'foundedYear').say('errYearFuture', { year: changes.foundedYear });
  const seen = new Set<number>();
  for (const y of changes.years ?? []) {
    if (y.year > thisYear) throw new BadRequestError(`Counts for ${y.year} cannot be reported yet.`, 'years').say('errYearFuture', { year: y.year });
    if (seen.has(y.year)) throw new BadRequestError(`Year ${y.year} is given twice.`, 'years').say('errYearTwice', { year: y.year });
    seen.add(y.year);
    if (y.internationalTeams > y.teamsIncubated) throw new BadRequestError(`In ${y.year}, international teams (${y.internationalTeams}) are more than the teams incubated (${y.teamsIncubated}).`, 'years').say('errInternationalMore', { year: y.year });
  }
}

/** Applies checked changes to an organization's profile (in the caller's transaction). */
function apply(tx: DbOrTx, organizationId: number, changes: ProfileChanges): void {
  const { years, ...fields } = changes;
  const trimmed = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? value.trim() || null : value]));
  if (Object.keys(trimmed).length) updateOrganization(tx, organizationId, trimmed);
  for (const y of years ?? []) putYear(tx, organizationId, y);
}

/** Checks and applies changes, audited with the profile before and after (the coordinator's edit and an approved proposal alike). */
function applyAudited(tx: DbOrTx, organizationId: number, changes: ProfileChanges, actor: Actor): ProfileView {
  checkChanges(changes);
  const before = profileOf(tx, organizationId);
  apply(tx, organizationId, changes);
  const after = profileOf(tx, organizationId);
  recordAudit(tx, { entityType: 'organization', entityId: organizationId, action: 'profile-edited', actor, before, after });
  return after;
}

/** A coordinator edits a profile directly. */
export function editProfile({ db }: DbDeps, organizationId: number, changes: ProfileChanges, actor: Actor): ProfileView {
  return db.transaction((tx) => applyAudited(tx, organizationId, changes, actor));
}

function toProposal(row: ProposalRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    proposedBy: row.proposedBy,
    changes: row.changes,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
export type ProposalView = ReturnType<typeof toProposal>;

/** Only an organization's own members propose edits of its profile (the coordinator edits directly). */
function assertOwnMember(principal: Principal, organizationId: number): void {
  if (principal.organizationId !== organizationId) throw new ForbiddenError('Only its own members may propose changes to an organization’s profile.', 'organizationId').say('errProfileNotYours');
}

export function proposeProfile({ db }: DbDeps, principal: Principal, organizationId: number, changes: ProfileChanges, actor: Actor): ProposalView {
  profileOf(db, organizationId); // 404 first
  assertOwnMember(principal, organizationId);
  checkChanges(changes);
  return db.transaction((tx) => {
    const row = insertProposal(tx, { organizationId, proposedBy: principal.memberId, changes });
    recordAudit(tx, { entityType: 'profile_proposal', entityId: row.id, action: 'proposed', actor, after: changes });
    return toProposal(row);
  });
}

/** Approves (applying it, profile before and after audited) or declines a pending proposal. */
export function decideProposal({ db }: DbDeps, principal: Principal, id: number, decision: 'approve' | 'decline', reason: string | undefined, actor: Actor): ProposalView {
  return db.transaction((tx) => {
    const row = findProposal(tx, id);
    if (!row) throw new NotFoundError('Profile proposal', id);
    if (row.status !== 'pending') throw new ConflictError(`Proposal ${id} is already ${row.status}.`, { rule: 'already-decided', proposalStatus: row.status }).say('errProposalDecided', { id });
    const status: ProposalStatus = decision === 'approve' ? 'approved' : 'declined';
    if (status === 'approved') applyAudited(tx, row.organizationId, row.changes, actor);
    const after = updateProposal(tx, id, { status, decidedBy: principal.memberId, decidedAt: nowDate(), reason: reason?.trim() || null });
    recordAudit(tx, { entityType: 'profile_proposal', entityId: id, action: status, actor, before: { status: row.status }, after: { status, reason: after.reason } });
    return toProposal(after);
  });
}

/** Proposals, newest first: the coordinator's queue (all), or a member's own organization's. */
export function listProposals({ db }: DbDeps, principal: Principal, query: { status?: ProposalStatus; organizationId?: number; cursor?: string; limit?: number }) {
  const organizationId = principal.role === 'coordinator' ? query.organizationId : principal.organizationId;
  if (principal.role !== 'coordinator' && query.organizationId !== undefined) assertOwnMember(principal, query.organizationId);
  const limit = query.limit ?? 50;
  const before = decodeCursor(query.cursor);
  const rows = proposalsBefore(db, { status: query.status, organizationId }, before, limit);
  return toPage(rows, limit, toProposal);
}

/** The alliance's members as the public sees them: every organization but the office, by kind and name, with its profile. */
export function allianceMembers({ db }: DbDeps): Record<Exclude<OrganizationKind, 'coordinator'>, ProfileView[]> {
  const rows = memberOrganizations(db);
  const years = yearsOf(db, rows.map((r) => r.id));
  const grouped = { park: [], base: [], incubator: [], grassroots: [] } as Record<Exclude<OrganizationKind, 'coordinator'>, ProfileView[]>;
  for (const row of rows) grouped[row.kind as Exclude<OrganizationKind, 'coordinator'>].push(toProfile(row, years.filter((y) => y.organizationId === row.id)));
  return grouped;
}

import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { generateToken } from '../auth/tokens.js';
import type { DbOrTx } from '../db/database.js';
import type { OrganizationKind, Role } from '../db/schema.js';
import { endAllSessions } from '../auth/sessions.js';
import { getOrganization } from '../organizations/organizations-service.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { queueEmail } from '../mail/email-outbox.js';
import type { CreateMemberInput, MemberView, TokenView } from './members-schemas.js';
import {
  activeMemberByEmail,
  insertApiToken,
  insertMember,
  memberByEmail,
  memberRow,
  membersAfter,
  memberWithEmail,
  memberWithMobile,
  namesWithOrganization,
  revokeLiveTokens,
  revokeTokenRow,
  tokenOf,
  tokensOf,
  updateMember,
  type MemberRow,
  type TokenRow,
} from './members-dal.js';

export type { MemberRow } from './members-dal.js';
import { welcomeMail } from './welcome-mail.js';
import { mainlandMobile } from '../phones/mobile-number.js';
import { MEMBER_HOME, signInUrl, WELCOME_LINK_TTL_SECONDS } from '../auth/signin-links.js';
import { nowDate } from '../time/clock.js';
import { recordAudit, type Actor } from '../audit/audit.js';


/** Which kinds of organization a role may belong to. */
const ROLE_ORGANIZATION_KINDS: Record<Role, readonly OrganizationKind[] | 'any'> = {
  organizer: 'any',
  park_manager: ['park', 'base'],
  coordinator: ['coordinator'],
  // Green-channel counter staff work for the sub-district office, assigned to its centres.
  service_staff: ['coordinator'],
};

function toView(row: MemberRow): MemberView {
  const { id, organizationId, name, email, role, language, mobile, createdAt, deactivatedAt } = row;
  return { id, organizationId, name, email, role, language, mobile, createdAt: createdAt.toISOString(), deactivatedAt: deactivatedAt?.toISOString() ?? null };
}

function toTokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function insertToken(db: DbOrTx, memberId: number, name: string) {
  const { token, hash, prefix } = generateToken();
  const row = insertApiToken(db, { memberId, name, tokenHash: hash, prefix });
  return { ...toTokenView(row), token };
}

/**
 * Admits a person to an organization: the member, their first API token and the welcome
 * mail are written in one transaction, so either all exist or none does.
 */
export function createMember({ db, publicUrl, secretKey }: OwnDbDeps & { publicUrl: string; secretKey: string }, organizationId: number, input: CreateMemberInput, invitedBy?: string): { member: MemberView; token: string } {
  const email = input.email.trim().toLowerCase();
  return db.transaction((tx) => {
    const organization = getOrganization({ db: tx }, organizationId);
    const allowed = ROLE_ORGANIZATION_KINDS[input.role];
    if (allowed !== 'any' && !allowed.includes(organization.kind)) {
      throw new BadRequestError(
        `A ${input.role} must belong to a ${allowed.join(' or ')} organization; ${organization.name} is a ${organization.kind}.`,
        'role',
      ).say('errRoleOrganization', { role: input.role, allowed: allowed.join(' or '), name: organization.name, kind: organization.kind });
    }
    const existing = memberWithEmail(tx, email);
    if (existing) throw new ConflictError(`A member with email ${email} already exists (id ${existing.id}).`, { field: 'email' }).say('errMemberExists', { email });
    const mobile = input.mobile?.trim() ? mainlandMobile(input.mobile) : null;
    if (mobile && memberWithMobile(tx, mobile)) {
      throw new ConflictError('Another member has this mobile number.', { field: 'mobile' }).say('errMobileTaken');
    }

    const row = insertMember(tx, { organizationId, name: input.name.trim(), email, role: input.role, language: input.language ?? 'zh-CN', mobile });
    const { token } = insertToken(tx, row.id, 'first token');
    const signIn = signInUrl(secretKey, publicUrl, row.id, MEMBER_HOME, WELCOME_LINK_TTL_SECONDS);
    queueEmail(tx, 'welcome', welcomeMail({ to: email, name: row.name, role: row.role, language: row.language, organizationName: organization.name, publicUrl, invitedBy, signInUrl: signIn }));
    return { member: toView(row), token };
  });
}

export function getMember({ db }: DbDeps, id: number): MemberView {
  const row = memberRow(db, id);
  if (!row) throw new NotFoundError('Member', id);
  return toView(row);
}

export function listMembers({ db }: DbDeps, organizationId: number, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor) ?? 0;
  const rows = membersAfter(db, organizationId, after, limit);
  return toPage(rows, limit, toView);
}

export function createToken({ db }: DbDeps, memberId: number, name = 'api token') {
  return insertToken(db, memberId, name);
}

export function listTokens({ db }: DbDeps, memberId: number): TokenView[] {
  return tokensOf(db, memberId).map(toTokenView);
}

/** Revokes one of the member's own tokens; revoking twice is harmless. */
export function revokeToken({ db }: DbDeps, memberId: number, tokenId: number): TokenView {
  const row = tokenOf(db, memberId, tokenId);
  if (!row) throw new NotFoundError('Token', tokenId);
  if (row.revokedAt) return toTokenView(row);
  return toTokenView(revokeTokenRow(db, tokenId, nowDate()));
}

/**
 * Deactivates a member (they left, or their access must end now): every token is revoked, every
 * session ends, and from then on nothing works for them: no token, no sign-in, no link mailed
 * before (each is checked against the member's current state when used). Idempotent.
 */
export function deactivateMember({ db }: OwnDbDeps, memberId: number, actor: Actor): MemberView {
  return db.transaction((tx) => {
    const before = memberRow(tx, memberId);
    if (!before) throw new NotFoundError('Member', memberId);
    if (before.deactivatedAt) return toView(before);
    revokeAllTokens({ db: tx }, memberId);
    const after = updateMember(tx, memberId, { deactivatedAt: nowDate() });
    recordAudit(tx, { entityType: 'member', entityId: memberId, action: 'deactivated', actor, before: toView(before), after: toView(after) });
    return toView(after);
  });
}

/** Revokes every live token of a member, e.g. when a person leaves their organization; their browser sessions end too. */
export function revokeAllTokens({ db }: DbDeps, memberId: number): number {
  getMember({ db }, memberId);
  endAllSessions(db, memberId);
  return revokeLiveTokens(db, memberId, nowDate());
}

/** The active member with this mail address (any case), for signing in. */
export function findActiveMemberByEmail({ db }: DbDeps, email: string): MemberRow | undefined {
  return activeMemberByEmail(db, email);
}

/** A member by mail address (any case), deactivated or not: the CLI says which. */
export function findMemberByEmail({ db }: DbDeps, email: string): MemberRow | undefined {
  return memberByEmail(db, email);
}

/** A member as stored, deactivated or not (a renewed sign-in link checks for itself). */
export function findMemberRow({ db }: DbDeps, id: number): MemberRow | undefined {
  return memberRow(db, id);
}

/** Who these members are: name and organization, by member id (pages listing requests or proposals). */
export function memberNamesOf({ db }: DbDeps, ids: number[]) {
  return namesWithOrganization(db, ids);
}

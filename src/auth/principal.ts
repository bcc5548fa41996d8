import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { apiTokens, members, organizations, type OrganizationKind, type Role } from '../db/schema.js';
import { hashToken } from './tokens.js';
import { ExpiredLinkError } from '../errors/http-errors.js';
import { nowMs } from '../time/clock.js';

/** The member behind a request's API token. */
export interface Principal {
  memberId: number;
  tokenId: number;
  name: string;
  email: string;
  role: Role;
  organizationId: number;
  organizationKind: OrganizationKind;
}

/** last_used_at is refreshed at most this often, so reads do not turn into a write each. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The principal of a member acting through a session or a signed link rather than a token (tokenId 0); null once deactivated. */
export function principalForMember(db: DbOrTx, memberId: number): Principal | null {
  const row = db
    .select({
      memberId: members.id,
      name: members.name,
      email: members.email,
      role: members.role,
      organizationId: organizations.id,
      organizationKind: organizations.kind,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.id, memberId), isNull(members.deactivatedAt)))
    .get();
  return row ? { ...row, tokenId: 0 } : null;
}

/**
 * The member a signed link from a mail acts for, as they are now (role, organization): the link
 * was issued to them, but acts only while they still have access. 410 otherwise.
 */
export function principalForLink(db: DbOrTx, memberId: number): Principal {
  const principal = principalForMember(db, memberId);
  if (!principal) throw new ExpiredLinkError('The person this link was sent to no longer has access to chuanglian.').say('errMemberGone');
  return principal;
}

export function findPrincipalByToken(db: Db, token: string): Principal | null {
  const row = db
    .select({
      memberId: members.id,
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      name: members.name,
      email: members.email,
      role: members.role,
      organizationId: organizations.id,
      organizationKind: organizations.kind,
    })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNull(members.deactivatedAt)))
    .get();
  if (!row) return null;
  const now = nowMs();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.tokenId)).run();
  }
  const { lastUsedAt: _ignored, ...principal } = row;
  return principal;
}

import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { apiTokens, members, organizations, type OrganizationKind, type Role } from '../db/schema.js';
import { hashToken } from './tokens.js';

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

/** The principal of a member acting through a signed link rather than a token (tokenId 0). */
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
    .where(eq(members.id, memberId))
    .get();
  return row ? { ...row, tokenId: 0 } : null;
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
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.tokenId)).run();
  }
  const { lastUsedAt: _ignored, ...principal } = row;
  return principal;
}

import type { Db, DbOrTx } from '../db/database.js';
import type { OrganizationKind, Role } from '../db/schema.js';
import { activePrincipalRow, tokenPrincipalRow, touchToken } from './auth-dal.js';
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
  const row = activePrincipalRow(db, memberId);
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
  const row = tokenPrincipalRow(db, hashToken(token));
  if (!row) return null;
  const now = nowMs();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    touchToken(db, row.tokenId, new Date(now));
  }
  const { lastUsedAt: _ignored, ...principal } = row;
  return principal;
}

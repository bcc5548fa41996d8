import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { apiTokens, members, organizations, textedCodes, usedLinks } from '../db/schema.js';

/** Who a principal is: the member and their organization. */
const principalColumns = {
  memberId: members.id,
  name: members.name,
  email: members.email,
  role: members.role,
  organizationId: organizations.id,
  organizationKind: organizations.kind,
};

/** An active member as a principal's fields, if any. */
export function activePrincipalRow(db: DbOrTx, memberId: number) {
  return db
    .select(principalColumns)
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.id, memberId), isNull(members.deactivatedAt)))
    .get();
}

/** The live token with this hash, of an active member, as a principal's fields with the token's id and last use. */
export function tokenPrincipalRow(db: DbOrTx, tokenHash: string) {
  return db
    .select({ ...principalColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(members.deactivatedAt)))
    .get();
}

export function touchToken(db: DbOrTx, tokenId: number, at: Date): void {
  db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId)).run();
}

export function isLinkUsed(db: DbOrTx, nonce: string): boolean {
  return db.select().from(usedLinks).where(eq(usedLinks.nonce, nonce)).get() !== undefined;
}

export function insertUsedLink(db: DbOrTx, nonce: string, at: Date): void {
  db.insert(usedLinks).values({ nonce, usedAt: at }).run();
}

/** The active member with this mobile number, if any. */
export function activeMemberByMobile(db: DbOrTx, mobile: string) {
  return db.select().from(members).where(and(eq(members.mobile, mobile), isNull(members.deactivatedAt))).get();
}

/** Marks every unused code of a holder used (a new one replaces them). */
export function useUpCodes(db: DbOrTx, holder: string, at: Date): void {
  db.update(textedCodes).set({ usedAt: at }).where(and(eq(textedCodes.holder, holder), isNull(textedCodes.usedAt))).run();
}

export function insertCode(db: DbOrTx, values: typeof textedCodes.$inferInsert): void {
  db.insert(textedCodes).values(values).run();
}

/** The holder's latest code. */
export function latestCode(db: DbOrTx, holder: string) {
  return db.select().from(textedCodes).where(eq(textedCodes.holder, holder)).orderBy(desc(textedCodes.id)).get();
}

export function updateCode(db: DbOrTx, id: number, values: Pick<Partial<typeof textedCodes.$inferInsert>, 'attempts' | 'usedAt'>): void {
  db.update(textedCodes).set(values).where(eq(textedCodes.id, id)).run();
}

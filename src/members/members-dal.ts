import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { apiTokens, members, organizations } from '../db/schema.js';

export type MemberRow = typeof members.$inferSelect;

/** A member by mail address, whatever its case, deactivated or not. */
export function memberByEmail(db: DbOrTx, email: string): MemberRow | undefined {
  return db.select().from(members).where(eq(sql`lower(${members.email})`, email.toLowerCase())).get();
}

/** An active member by mail address, whatever its case. */
export function activeMemberByEmail(db: DbOrTx, email: string): MemberRow | undefined {
  return db.select().from(members).where(and(eq(sql`lower(${members.email})`, email.toLowerCase()), isNull(members.deactivatedAt))).get();
}

/** A member as stored (deactivated ones too), if any. */
export function memberRow(db: DbOrTx, id: number): MemberRow | undefined {
  return db.select().from(members).where(eq(members.id, id)).get();
}

/** Each member's name and organization's name, by member id. */
export function namesWithOrganization(db: DbOrTx, ids: number[]): Map<number, { id: number; name: string; organization: string }> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: members.id, name: members.name, organization: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(inArray(members.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((m) => [m.id, m]));
}

export type TokenRow = typeof apiTokens.$inferSelect;

export function insertMember(db: DbOrTx, values: typeof members.$inferInsert): MemberRow {
  return db.insert(members).values(values).returning().get();
}

export function updateMember(db: DbOrTx, id: number, values: Partial<typeof members.$inferInsert>): MemberRow {
  return db.update(members).set(values).where(eq(members.id, id)).returning().get();
}

/** The member with exactly this (stored, lower-case) address, if any. */
export function memberWithEmail(db: DbOrTx, email: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.email, email)).get();
}

/** The member with this mobile number, deactivated or not, if any. */
export function memberWithMobile(db: DbOrTx, mobile: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.mobile, mobile)).get();
}

/** One page of an organization's members after `afterId` in id order (`limit` + 1 rows). */
export function membersAfter(db: DbOrTx, organizationId: number, afterId: number, limit: number): MemberRow[] {
  return db
    .select()
    .from(members)
    .where(and(eq(members.organizationId, organizationId), gt(members.id, afterId)))
    .orderBy(asc(members.id))
    .limit(limit + 1)
    .all();
}

export function insertApiToken(db: DbOrTx, values: typeof apiTokens.$inferInsert): TokenRow {
  return db.insert(apiTokens).values(values).returning().get();
}

/** A member's tokens, in id order. */
export function tokensOf(db: DbOrTx, memberId: number): TokenRow[] {
  return db.select().from(apiTokens).where(eq(apiTokens.memberId, memberId)).orderBy(asc(apiTokens.id)).all();
}

/** One of the member's own tokens, if it is theirs. */
export function tokenOf(db: DbOrTx, memberId: number, tokenId: number): TokenRow | undefined {
  return db.select().from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.memberId, memberId))).get();
}

export function revokeTokenRow(db: DbOrTx, tokenId: number, at: Date): TokenRow {
  return db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, tokenId)).returning().get();
}

/** Revokes every live token of a member; how many. */
export function revokeLiveTokens(db: DbOrTx, memberId: number, at: Date): number {
  return db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.memberId, memberId), isNull(apiTokens.revokedAt)))
    .run().changes;
}

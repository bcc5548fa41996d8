import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { members, organizations } from '../db/schema.js';

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

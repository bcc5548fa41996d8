import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { sessions } from '../db/schema.js';

/** The sign-in sessions of the pages: only a hash of each browser's token is stored. */

export function insertSession(db: DbOrTx, memberId: number, tokenHash: string, expiresAt: Date): void {
  db.insert(sessions).values({ memberId, tokenHash, expiresAt }).run();
}

/** The member of a session still open at `now`, if any. */
export function openSessionMember(db: DbOrTx, tokenHash: string, now: Date): number | undefined {
  return db
    .select({ memberId: sessions.memberId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
    .get()?.memberId;
}

export function endSessionRow(db: DbOrTx, tokenHash: string, at: Date): void {
  db.update(sessions).set({ endedAt: at }).where(eq(sessions.tokenHash, tokenHash)).run();
}

/** Ends every open session of a member. */
export function endMemberSessions(db: DbOrTx, memberId: number, at: Date): void {
  db.update(sessions).set({ endedAt: at }).where(and(eq(sessions.memberId, memberId), isNull(sessions.endedAt))).run();
}

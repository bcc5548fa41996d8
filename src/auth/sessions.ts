import crypto from 'node:crypto';
import type { Db, DbOrTx } from '../db/database.js';
import { nowDate, nowMs } from '../time/clock.js';
import { principalForMember, type Principal } from './principal.js';
import { endMemberSessions, endSessionRow, insertSession, openSessionMember } from './sessions-dal.js';

/** The pages' sign-in sessions: a random token in the browser's cookie, its hash in the database. */

export const SESSION_DAYS = 14;

/** Only a hash of a session's token is stored. */
export const sessionHash = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

/** Starts a session for the member; returns the cookie's token (only its hash is stored). */
export function startSession(db: DbOrTx, memberId: number, now = nowMs()): string {
  const token = crypto.randomBytes(32).toString('base64url');
  insertSession(db, memberId, sessionHash(token), new Date(now + SESSION_DAYS * 24 * 3600_000));
  return token;
}

/** The member behind a session cookie, while the session is open and the member still has access. */
export function sessionPrincipal(db: Db, token: string | undefined): Principal | null {
  if (!token) return null;
  const memberId = openSessionMember(db, sessionHash(token), nowDate());
  return memberId === undefined ? null : principalForMember(db, memberId);
}

export function endSession(db: Db, token: string | undefined): void {
  if (token) endSessionRow(db, sessionHash(token), nowDate());
}


/** Ends every browser session of a member (they were deactivated, or their tokens revoked). */
export function endAllSessions(db: DbOrTx, memberId: number): void {
  endMemberSessions(db, memberId, nowDate());
}

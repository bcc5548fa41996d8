import type { DbOrTx } from '../db/database.js';
import { ExpiredLinkError } from '../errors/http-errors.js';
import { nowDate } from '../time/clock.js';
import { insertUsedLink, isLinkUsed } from './auth-dal.js';

/** Refuses a signed link (by its nonce) that has been used already. */
export function assertUnused(db: DbOrTx, nonce: string): void {
  if (isLinkUsed(db, nonce)) throw new ExpiredLinkError('This link has already been used.').say('errLinkUsed');
}

/** Uses up a single-use link; call it in the transaction of what the link does, so a refusal leaves it usable. */
export function useLink(tx: DbOrTx, nonce: string): void {
  assertUnused(tx, nonce);
  insertUsedLink(tx, nonce, nowDate());
}

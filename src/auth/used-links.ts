import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { usedLinks } from '../db/schema.js';
import { ExpiredLinkError } from '../errors/http-errors.js';
import { nowDate } from '../time/clock.js';

/** Refuses a signed link (by its nonce) that has been used already. */
export function assertUnused(db: DbOrTx, nonce: string): void {
  if (db.select().from(usedLinks).where(eq(usedLinks.nonce, nonce)).get()) throw new ExpiredLinkError('This link has already been used.').say('errLinkUsed');
}

/** Uses up a single-use link; call it in the transaction of what the link does, so a refusal leaves it usable. */
export function useLink(tx: DbOrTx, nonce: string): void {
  assertUnused(tx, nonce);
  tx.insert(usedLinks).values({ nonce, usedAt: nowDate() }).run();
}

import type { DbOrTx } from '../db/database.js';
import { insertEmail } from './mail-dal.js';
import type { OutgoingMail } from './mailer.js';

/** Writes a mail to the outbox; call it inside the transaction of the change that causes it. */
export function queueEmail(tx: DbOrTx, kind: string, mail: OutgoingMail): number {
  return insertEmail(tx, kind, mail);
}

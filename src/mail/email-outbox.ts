import type { DbOrTx } from '../db/database.js';
import { emails } from '../db/schema.js';
import type { OutgoingMail } from './mailer.js';

/** Writes a mail to the outbox; call it inside the transaction of the change that causes it. */
export function queueEmail(tx: DbOrTx, kind: string, mail: OutgoingMail): number {
  const row = tx
    .insert(emails)
    .values({ kind, toAddress: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, headers: mail.headers ?? null, attachments: mail.attachments ?? null })
    .returning({ id: emails.id })
    .get();
  return row.id;
}

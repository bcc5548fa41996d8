import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { emails } from '../db/schema.js';
import { jobIds, type EmailOutcomeJob } from '../queue/catalogue.js';
import { CLAIM_LIMIT, claimValues, dueForQueue, outboxMarks } from '../queue/outbox/outbox-marker.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';
import type { DbOrTx } from '../db/database.js';
import type { OutgoingMail } from './mailer.js';

/** The mail outbox: mails written in the transactions that cause them, handed to the senders, their outcomes recorded. */

/** The insert of a mail, prepared once per database (registering writes one each). */
const inserting = preparedOnce((db) =>
  db
    .insert(emails)
    .values({ kind: sql.placeholder('kind'), toAddress: sql.placeholder('toAddress'), subject: sql.placeholder('subject'), text: sql.placeholder('text'), html: sql.placeholder('html'), headers: sql.placeholder('headers'), attachments: sql.placeholder('attachments') })
    .returning({ id: emails.id })
    .prepare(),
);

/** Writes a mail to the outbox; its id. */
export function insertEmail(tx: DbOrTx, kind: string, mail: OutgoingMail): number {
  if (isDatabase(tx)) return inserting(tx).get({ kind, toAddress: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, headers: mail.headers ?? null, attachments: mail.attachments ?? null }).id;
  return tx
    .insert(emails)
    .values({ kind, toAddress: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, headers: mail.headers ?? null, attachments: mail.attachments ?? null })
    .returning({ id: emails.id })
    .get().id;
}

/** Hands each pending mail to the senders as a `send-email` job. */
export function emailOutboxSource(db: Db): OutboxSource<'send'> {
  const due = preparedOnce((db) =>
    db
      .select({ id: emails.id, to: emails.toAddress, subject: emails.subject, text: emails.text, html: emails.html, headers: emails.headers, attachments: emails.attachments })
      .from(emails)
      .where(dueForQueue(eq(emails.status, 'pending'), emails.enqueuedAt))
      .orderBy(asc(emails.id))
      .limit(CLAIM_LIMIT)
      .prepare(),
  );
  return {
    name: 'emails',
    queue: 'send',
    claim(staleBefore, limit) {
      const rows = due(db).all(claimValues(staleBefore, limit));
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map(({ id, ...mail }) => ({
          name: 'send-email' as const,
          data: { emailId: id, ...mail },
          opts: { jobId: jobIds.sendEmail(id) },
        })),
      };
    },
    ...outboxMarks(db, emails, emails.id, emails.enqueuedAt),
  };
}

/** Records what a sender reported. Idempotent, and a `sent` mail never goes back to pending or dead. */
export function recordEmailOutcome(db: Db, outcome: EmailOutcomeJob): void {
  const attempts = sql`max(${emails.attempts}, ${outcome.attempt})`;
  const notSent = and(eq(emails.id, outcome.emailId), ne(emails.status, 'sent'));
  if (outcome.status === 'sent') {
    db.update(emails)
      .set({ status: 'sent', attempts, sentAt: new Date(outcome.at), messageId: outcome.messageId ?? null, lastError: null })
      .where(notSent)
      .run();
  } else if (outcome.status === 'dead') {
    db.update(emails).set({ status: 'dead', attempts, lastError: outcome.error ?? null }).where(notSent).run();
  } else {
    // A late `failed` report must not revive a mail already recorded as dead.
    db.update(emails)
      .set({ attempts, lastError: outcome.error ?? null })
      .where(and(eq(emails.id, outcome.emailId), eq(emails.status, 'pending')))
      .run();
  }
}

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';

export const EMAIL_STATUSES = ['pending', 'sent', 'dead'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * Outbox of person-facing mail (welcome, booking decisions, …). A row is written in the
 * same transaction as the change that causes it; the outbox relay hands it to the queue.
 */
/** A file a queued mail carries (text content: calendar files). */
export interface MailFile {
  filename: string;
  /** Text, or base64 with `encoding: 'base64'` (images). */
  content: string;
  contentType: string;
  encoding?: 'base64';
  /** Content-ID: the HTML part shows it inline as `<img src="cid:…">`. */
  cid?: string;
}

/**
 * A QR code a mail shows inline, kept as its text and drawn as a PNG by whichever process sends
 * the mail: drawing costs ~1.5 ms, which the request that queues the mail (a reservation, a
 * registration in a burst) should not pay, and the text is a few bytes where the PNG is kilobytes.
 */
export interface MailQr {
  filename: string;
  cid: string;
  qr: string;
  /** Pixels per module. */
  scale: number;
}

export type MailAttachment = MailFile | MailQr;

export const emails = sqliteTable(
  'emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Extra headers, e.g. List-Unsubscribe on a digest. */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    /** Files sent with it (an event's .ics), as text. */
    attachments: text('attachments', { mode: 'json' }).$type<MailAttachment[]>(),
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: createdAt(),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** When the person's data was erased (retention or request). */
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('emails_status_idx').on(t.status, t.enqueuedAt)],
);

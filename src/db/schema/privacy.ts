import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { members } from './members.js';

/**
 * Every privacy notice the public forms have shown, by version (a hash of its text in both
 * languages, so a changed controller, contact or retention period is a new version). A
 * registration, subscription or reservation records the version its person saw (`notice_version`)
 * and when (`notice_at`); this table says what that version said.
 */
export const privacyNotices = sqliteTable('privacy_notices', {
  version: text('version').primaryKey(),
  zh: text('zh').notNull(),
  en: text('en').notNull(),
  createdAt: createdAt(),
});

export const ERASURE_REASONS = ['retention', 'request', 'in_person'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** How many of each kind of record an erasure scrubbed; never what they held. */
export interface ErasureCounts {
  registrations: number;
  invitations: number;
  feedback: number;
  reservations: number;
  subscribers: number;
  emails: number;
  cancelled: number;
}

/**
 * The record of personal data erased: by the daily retention run (planned ahead with `due_at`,
 * handed to the queue like any due-time job), at a person's own request through /privacy, or by a
 * coordinator for a request made in person. Counts only.
 */
export const erasures = sqliteTable(
  'erasures',
  {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reason: text('reason', { enum: ERASURE_REASONS }).notNull(),
  /** Retention runs: when it runs. */
  dueAt: integer('due_at', { mode: 'timestamp_ms' }),
  enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
  doneAt: integer('done_at', { mode: 'timestamp_ms' }),
  counts: text('counts', { mode: 'json' }).$type<ErasureCounts>(),
  /** In person: the coordinator who did it. */
  memberId: integer('member_id').references(() => members.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('erasures_due_idx').on(t.dueAt)]);

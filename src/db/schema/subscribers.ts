import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, type Language } from './common.js';

export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed', 'bouncing'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** What a subscriber wants to hear of; all lists empty means everything. */
export interface SubscriberPreferences {
  topics: string[];
  parks: number[];
  organizations: number[];
  language: Language;
  cadence: 'instant' | 'weekly';
  reminders: boolean;
}

export const subscribers = sqliteTable(
  'subscribers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull().unique(),
    status: text('status', { enum: SUBSCRIBER_STATUSES }).notNull().default('pending'),
    preferences: text('preferences', { mode: 'json' }).$type<SubscriberPreferences>().notNull(),
    /** New preferences of a confirmed subscriber, applied once the new confirmation link is used. */
    pendingPreferences: text('pending_preferences', { mode: 'json' }).$type<SubscriberPreferences>(),
    /** Bumped on every subscribe request, so only the latest confirmation link works. */
    confirmVersion: integer('confirm_version').notNull().default(1),
    bounces: integer('bounces').notNull().default(0),
    /** The privacy notice the person was shown (privacy_notices.version) and when. */
    noticeVersion: text('notice_version'),
    noticeAt: integer('notice_at', { mode: 'timestamp_ms' }),
    /** When the person's data was erased (retention or request); counts stay, the data is gone. */
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    unsubscribedAt: integer('unsubscribed_at', { mode: 'timestamp_ms' }),
    lastDigestAt: integer('last_digest_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('subscribers_status_idx').on(t.status)],
);

/** One row per scheduled weekly digest run; its due time is unique, so a run is never planned twice. */
export const digestRuns = sqliteTable('digest_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull().unique(),
  enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
  doneAt: integer('done_at', { mode: 'timestamp_ms' }),
});

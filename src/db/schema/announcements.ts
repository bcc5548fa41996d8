import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { events } from './events.js';

export const ANNOUNCEMENT_KINDS = ['published', 'updated', 'cancelled', 'reminder'] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];

/** What an `updated` announcement reports as changed, with the values people were told before. */
export interface AnnouncedChanges {
  /** The time before the first change folded in (ISO instants). */
  time?: { start: string; end: string };
  /** The place before the first change folded in, in words. */
  place?: string;
}

/**
 * Transactional outbox of event news: written in the same transaction as the change that
 * causes it, then fanned out to channels and subscribers. One per (event, kind, sequence).
 */
export const announcements = sqliteTable(
  'announcements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    kind: text('kind', { enum: ANNOUNCEMENT_KINDS }).notNull(),
    /** The event's iCalendar sequence when this was written. */
    sequence: integer('sequence').notNull(),
    /** When the fan-out job was handed to the queue (outbox marker). */
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    /** When the fan-out resolved the audience and wrote the deliveries. */
    fannedOutAt: integer('fanned_out_at', { mode: 'timestamp_ms' }),
    /** Not fanned out before this (an `updated` waits UPDATE_SETTLE so later changes fold in); null: at once. */
    dueAt: integer('due_at', { mode: 'timestamp_ms' }),
    /** For `updated`: what changed since people were last told. */
    changes: text('changes', { mode: 'json' }).$type<AnnouncedChanges>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('announcements_event_kind_sequence_idx').on(t.eventId, t.kind, t.sequence),
    index('announcements_pending_idx').on(t.fannedOutAt, t.enqueuedAt),
  ],
);

export const CHANNEL_KINDS = ['email', 'webhook', 'wecom_robot', 'dingtalk_robot', 'feishu_robot', 'wechat_official_account'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Non-secret settings of a channel; secrets live sealed in `sealedSecrets`. */
export interface ChannelSettings {
  url?: string;
  address?: string;
  appId?: string;
  /** Official Account: a permanent image material used as the cover when an event's own cannot be made. */
  thumbMediaId?: string;
  /** Official Account: `broadcast` (default: one mass-send a day to every follower) or `publish` (a permalink only). */
  mode?: 'broadcast' | 'publish';
  /** Official Account, broadcast: when the day's send goes, HH:MM in `timezone` (default 18:00). */
  sendAt?: string;
  timezone?: string;
}

export const channels = sqliteTable('channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
  name: text('name').notNull(),
  /** Topic filter: empty takes every announcement. */
  topics: text('topics', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  ratePerMinute: integer('rate_per_minute').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Why it was switched off automatically (e.g. the receiver answered 410 Gone). */
  disabledReason: text('disabled_reason'),
  settings: text('settings', { mode: 'json' }).$type<ChannelSettings>().notNull(),
  /** {secret?, key?, appSecret?} as JSON, sealed with SECRET_KEY (src/crypto/secret-box.ts). */
  sealedSecrets: text('sealed_secrets'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** `skipped`: the subscriber left (unsubscribed, bouncing) before it went out. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One per (announcement, target): the unique index makes a re-run of a fan-out a no-op. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    announcementId: integer('announcement_id')
      .notNull()
      .references(() => announcements.id),
    targetType: text('target_type', { enum: ['channel', 'subscriber', 'registration'] }).notNull(),
    targetId: integer('target_id').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The receiver's id for what it got (a message id, a WeChat publish id …). */
    remoteId: text('remote_id'),
    /** Bumped by a manual retry, so the retry is a new job. */
    round: integer('round').notNull().default(0),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** An Official Account broadcast (one mass-send a day) this delivery goes out with, instead of on its own. */
    broadcastId: integer('broadcast_id'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('deliveries_broadcast_idx').on(t.broadcastId),
    uniqueIndex('deliveries_target_idx').on(t.announcementId, t.targetType, t.targetId),
    index('deliveries_status_idx').on(t.status, t.enqueuedAt),
  ],
);

export const BROADCAST_STATUSES = ['waiting', 'sent', 'dead'] as const;

/**
 * An Official Account's mass-send of a day: the deliveries gathered for it go to every follower
 * as one news message at `dueAt` (the channel's `sendAt`). One waiting per channel; a send that
 * finds the day's quota used moves to the next day's time and keeps waiting.
 */
export const broadcasts = sqliteTable(
  'broadcasts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: BROADCAST_STATUSES }).notNull().default('waiting'),
    /** The mass-send's msg_id. */
    remoteId: text('remote_id'),
    lastError: text('last_error'),
    /** How many times the day's quota was found used and the send moved on. */
    postponed: integer('postponed').notNull().default(0),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('broadcasts_waiting_idx').on(t.channelId).where(sql`status = 'waiting'`),
    index('broadcasts_status_idx').on(t.status, t.enqueuedAt),
  ],
);

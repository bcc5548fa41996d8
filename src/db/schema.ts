import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Instants are stored as UTC milliseconds (`timestamp_ms`), read back as Date.
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const ORGANIZATION_KINDS = ['park', 'base', 'incubator', 'grassroots', 'coordinator'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ['organizer', 'park_manager', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const organizations = sqliteTable('organizations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ORGANIZATION_KINDS }).notNull(),
  contactEmail: text('contact_email'),
  createdAt: createdAt(),
});

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    role: text('role', { enum: ROLES }).notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('zh-CN'),
    createdAt: createdAt(),
  },
  (t) => [index('members_organization_idx').on(t.organizationId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, so a person can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_member_idx').on(t.memberId)],
);

export const EMAIL_STATUSES = ['pending', 'sent', 'dead'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * Outbox of person-facing mail (welcome, booking decisions, …). A row is written in the
 * same transaction as the change that causes it; the outbox relay hands it to the queue.
 */
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
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: createdAt(),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('emails_status_idx').on(t.status, t.enqueuedAt)],
);

export const venues = sqliteTable(
  'venues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The park or base that owns the venue. */
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    address: text('address'),
    capacity: integer('capacity').notNull(),
    amenities: text('amenities', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    timezone: text('timezone').notNull().default('Asia/Shanghai'),
    /** OpeningHours (src/time/opening-hours.ts): local spans per weekday. */
    openingHours: text('opening_hours', { mode: 'json' }).$type<Partial<Record<string, Array<{ open: string; close: string }>>>>().notNull(),
    /** Yuan per hour, for the impact report (what a free venue saved the organizer). */
    feePerHour: integer('fee_per_hour').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('venues_organization_idx').on(t.organizationId)],
);

export const blackouts = sqliteTable(
  'blackouts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    venueId: integer('venue_id')
      .notNull()
      .references(() => venues.id),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by').references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [index('blackouts_venue_start_idx').on(t.venueId, t.startAt)],
);

export const BOOKING_STATUSES = ['pending', 'approved', 'declined', 'cancelled', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const bookings = sqliteTable(
  'bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    venueId: integer('venue_id')
      .notNull()
      .references(() => venues.id),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => members.id),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    expectedAttendance: integer('expected_attendance').notNull(),
    purpose: text('purpose').notNull(),
    /** Shared by the occurrences of a weekly recurrence. */
    seriesId: text('series_id'),
    status: text('status', { enum: BOOKING_STATUSES }).notNull().default('pending'),
    /** Bumped on every change; a decision made on an older version is refused (optimistic concurrency). */
    version: integer('version').notNull().default(1),
    decisionNote: text('decision_note'),
    decidedBy: integer('decided_by').references(() => members.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** A pending request expires then: its start, or BOOKING_PENDING_DAYS after it was made. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the expiry job was handed to the queue (outbox marker). */
    expiryEnqueuedAt: integer('expiry_enqueued_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('bookings_venue_status_start_idx').on(t.venueId, t.status, t.startAt),
    index('bookings_organization_idx').on(t.organizationId, t.id),
    index('bookings_series_idx').on(t.seriesId),
    index('bookings_expiry_idx').on(t.status, t.expiryEnqueuedAt),
  ],
);

/** Who did what to which resource, when, with the state before and after. */
export const auditEntries = sqliteTable(
  'audit_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    action: text('action').notNull(),
    /** Null when the system acted (e.g. expiry). */
    actorMemberId: integer('actor_member_id').references(() => members.id),
    /** How the actor acted: api, email-link, cli, system. */
    via: text('via').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId, t.id)],
);

/** Signed one-click links that have been used, so none can be replayed. */
export const usedLinks = sqliteTable('used_links', {
  nonce: text('nonce').primaryKey(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }).notNull(),
});

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    title: text('title').notNull(),
    summary: text('summary'),
    body: text('body'),
    language: text('language', { enum: LANGUAGES }).notNull().default('zh-CN'),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    /** The approved booking it takes place on; null for an online event. One event per booking. */
    bookingId: integer('booking_id')
      .unique()
      .references(() => bookings.id),
    onlineUrl: text('online_url'),
    capacity: integer('capacity').notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    /** iCalendar SEQUENCE: bumped on every change a calendar should pick up. */
    sequence: integer('sequence').notNull().default(0),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    /** When the job that marks it completed at its end was handed to the queue (outbox marker). */
    completionEnqueuedAt: integer('completion_enqueued_at', { mode: 'timestamp_ms' }),
    /** When the job that sends its reminder (REMINDER_BEFORE the start) was handed to the queue. */
    reminderEnqueuedAt: integer('reminder_enqueued_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('events_status_start_idx').on(t.status, t.startAt, t.id),
    index('events_organization_idx').on(t.organizationId),
  ],
);

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'checked_in'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** `public` registrations, or `guest` ones made by accepting an invitation. */
    kind: text('kind', { enum: ['public', 'guest'] }).notNull().default('public'),
    /** Waitlist order: when the person (re)joined. */
    queuedAt: integer('queued_at', { mode: 'timestamp_ms' }).notNull(),
    checkedInAt: integer('checked_in_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('registrations_event_email_idx').on(t.eventId, t.email),
    index('registrations_event_status_idx').on(t.eventId, t.status, t.queuedAt),
  ],
);

export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['guest', 'speaker'] }).notNull(),
    status: text('status', { enum: ['invited', 'accepted', 'declined'] }).notNull().default('invited'),
    invitedBy: integer('invited_by')
      .notNull()
      .references(() => members.id),
    respondedAt: integer('responded_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_event_email_idx').on(t.eventId, t.email)],
);

export const ANNOUNCEMENT_KINDS = ['published', 'updated', 'cancelled', 'reminder'] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];

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
  thumbMediaId?: string;
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
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_target_idx').on(t.announcementId, t.targetType, t.targetId),
    index('deliveries_status_idx').on(t.status, t.enqueuedAt),
  ],
);

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

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { members, organizations } from './members.js';
import { venues } from './venues.js';

export const BOOKING_STATUSES = ['pending', 'approved', 'declined', 'cancelled', 'expired', 'withdrawn'] as const;
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
    /** Shared by the requests one organizer sent to several venues for one slot: the first approval withdraws the rest. */
    groupId: text('group_id'),
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
    index('bookings_group_idx').on(t.groupId),
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

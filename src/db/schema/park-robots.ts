import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { organizations } from './members.js';

export const PARK_ROBOT_KINDS = ['wecom_robot', 'dingtalk_robot', 'feishu_robot'] as const;
export type ParkRobotKind = (typeof PARK_ROBOT_KINDS)[number];

/**
 * A park's (or base's) own group robot, told of every new booking request for its venues and of
 * every withdrawal, besides the managers' mail. One per park; its key and secret sealed like a channel's.
 */
export const parkRobots = sqliteTable(
  'park_robots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: PARK_ROBOT_KINDS }).notNull(),
    /** {key, secret?} as JSON, sealed with SECRET_KEY. */
    sealedSecrets: text('sealed_secrets').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('park_robots_organization_idx').on(t.organizationId)],
);

export const PARK_NOTICE_STATUSES = ['pending', 'sent', 'dead'] as const;
export const PARK_NOTICE_KINDS = ['requested', 'withdrawn'] as const;
export type ParkNoticeKind = (typeof PARK_NOTICE_KINDS)[number];

/**
 * A post to a park's robot (an outbox row), written in the transaction of the request it tells of;
 * its words are made when it is handed to a sender, from the request as it stands.
 */
export const parkNotices = sqliteTable(
  'park_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    robotId: integer('robot_id')
      .notNull()
      .references(() => parkRobots.id),
    bookingId: integer('booking_id').notNull(),
    kind: text('kind', { enum: PARK_NOTICE_KINDS }).notNull(),
    status: text('status', { enum: PARK_NOTICE_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('park_notices_status_idx').on(t.status, t.enqueuedAt)],
);

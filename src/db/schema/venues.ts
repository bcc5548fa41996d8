import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { members, organizations } from './members.js';

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
    /** Bumped by a trigger (migration 0030) when what events show of it changes (name, address, zone, park). */
    viewVersion: integer('view_version').notNull().default(0),
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

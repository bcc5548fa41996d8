import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, LANGUAGES, type Bilingual } from './common.js';
import { members } from './members.js';

type Hours = Partial<Record<string, Array<{ open: string; close: string }>>>;

/** A community service centre of the green channel (绿色通道), where founders are served by reservation. */
export const serviceCentres = sqliteTable('service_centres', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  address: text('address'),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  /** OpeningHours (src/time/opening-hours.ts): local spans per weekday. */
  openingHours: text('opening_hours', { mode: 'json' }).$type<Hours>().notNull(),
  /** A make-up working day on a weekend (调休) keeps this weekday's hours. */
  makeUpDayHours: text('make_up_day_hours').notNull().default('mon'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Staff members serving at a centre (role service_staff). */
export const centreStaff = sqliteTable(
  'centre_staff',
  {
    centreId: integer('centre_id')
      .notNull()
      .references(() => serviceCentres.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.memberId] })],
);

export const serviceCategories = sqliteTable('service_categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** A short key the catalogue file names it by. */
  code: text('code').notNull().unique(),
  name: text('name', { mode: 'json' }).$type<Bilingual>().notNull(),
  position: integer('position').notNull().default(0),
});

/** One of the green channel's services (items), offered at some centres. */
export const serviceItems = sqliteTable('service_items', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  categoryId: integer('category_id')
    .notNull()
    .references(() => serviceCategories.id),
  name: text('name', { mode: 'json' }).$type<Bilingual>().notNull(),
  description: text('description', { mode: 'json' }).$type<Bilingual>().notNull().default(sql`'{}'`),
  /** What to bring to the counter. */
  bring: text('bring', { mode: 'json' }).$type<Bilingual>().notNull().default(sql`'{}'`),
  durationMinutes: integer('duration_minutes').notNull(),
  /** How many people one slot serves (counters × people per counter). */
  seatsPerSlot: integer('seats_per_slot').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Which centres offer which items. */
export const serviceOfferings = sqliteTable(
  'service_offerings',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => serviceCentres.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.centreId] })],
);

/**
 * The coordinator's own word on a day, over China's statutory calendar (chinese-days): a holiday
 * (closed, e.g. a centre's one-off closure) or a working day (open, e.g. next year's 调休 once announced).
 */
export const calendarDays = sqliteTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** `held`: made, not yet confirmed from its mailed link (RESERVATION_HOLD); it takes a seat meanwhile. */
export const RESERVATION_STATUSES = ['held', 'confirmed', 'checked_in', 'served', 'cancelled', 'no_show'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** A founder's slot at a centre for one item; no account needed. */
export const reservations = sqliteTable(
  'reservations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Short, said at the counter. */
    number: text('number').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => serviceCentres.id),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    company: text('company'),
    creditCode: text('credit_code'),
    /** The privacy notice the person was shown (privacy_notices.version) and when. */
    noticeVersion: text('notice_version'),
    noticeAt: integer('notice_at', { mode: 'timestamp_ms' }),
    /** When the person's data was erased (retention or request); counts stay, the data is gone. */
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
    language: text('language', { enum: LANGUAGES }).notNull().default('zh-CN'),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('confirmed'),
    checkedInAt: integer('checked_in_at', { mode: 'timestamp_ms' }),
    servedAt: integer('served_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    /** Outbox markers: the reminder's job (REMINDER before the start) and the no-show job (at the end). */
    reminderEnqueuedAt: integer('reminder_enqueued_at', { mode: 'timestamp_ms' }),
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    noShowEnqueuedAt: integer('no_show_enqueued_at', { mode: 'timestamp_ms' }),
    /** Bumped on every move: the .ics's SEQUENCE, so calendars replace the old time. */
    sequence: integer('sequence').notNull().default(0),
    /** A held seat lapses then unless confirmed from the mailed link; its lapse job's outbox marker. */
    holdExpiresAt: integer('hold_expires_at', { mode: 'timestamp_ms' }),
    holdEnqueuedAt: integer('hold_enqueued_at', { mode: 'timestamp_ms' }),
    /** Keyed fingerprint of the address that made a held reservation (never the address): holds per client are limited. */
    heldFrom: text('held_from'),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    /** Moves made through the personal link (at most a few). */
    moves: integer('moves').notNull().default(0),
    /** A move's mail waits until then (UPDATE_SETTLE), so moves close together send one mail; its job's outbox marker. */
    changeMailDueAt: integer('change_mail_due_at', { mode: 'timestamp_ms' }),
    changeMailEnqueuedAt: integer('change_mail_enqueued_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('reservations_number_idx').on(t.number),
    index('reservations_slot_idx').on(t.itemId, t.centreId, t.startAt, t.status),
    // One active reservation per person per item.
    uniqueIndex('reservations_active_idx').on(t.email, t.itemId).where(sql`status in ('confirmed', 'checked_in')`),
    index('reservations_centre_day_idx').on(t.centreId, t.startAt),
    index('reservations_held_from_idx').on(t.heldFrom, t.status),
  ],
);

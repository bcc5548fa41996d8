import { sql } from 'drizzle-orm';
import { blob, index, primaryKey, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, LANGUAGES } from './common.js';
import { bookings } from './bookings.js';
import { members, organizations } from './members.js';

/** `country`: the built-in "country or region" (an ISO 3166-1 code from the list in src/registrations/countries.ts). */
export const QUESTION_TYPES = ['text', 'choice', 'multi', 'consent', 'country'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A question an event asks at registration. Labels in one or both languages; options for choice and multi. */
export interface Question {
  id: string;
  label: { en?: string; 'zh-CN'?: string };
  type: QuestionType;
  options?: string[];
  required: boolean;
}

/** A registration's answers by question id: the value, and the label as it read when answered. */
export type Answers = Record<string, { label: string; value: string | string[] | boolean }>;

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const ASK_MOBILE = ['off', 'optional', 'required'] as const;
export type AskMobile = (typeof ASK_MOBILE)[number];

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
    /** Other member organizations running it too (the annual review counts it for them as co-organizer). */
    coOrganizerIds: text('co_organizer_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    /** The approved booking it takes place on; null for an online event. One event per booking. */
    bookingId: integer('booking_id')
      .unique()
      .references(() => bookings.id),
    onlineUrl: text('online_url'),
    capacity: integer('capacity').notNull(),
    /** A new registration's seat is held until the person opens the link mailed to them (against invented addresses). */
    confirmRegistrations: integer('confirm_registrations', { mode: 'boolean' }).notNull().default(false),
    /** Whether registering asks for a mainland mobile number; shown to the event's organizers only. */
    askMobile: text('ask_mobile', { enum: ASK_MOBILE }).notNull().default('off'),
    /** What registering asks besides name and email (up to 10); see src/registrations/registration-questions.ts. */
    questions: text('questions', { mode: 'json' }).$type<Question[]>().notNull().default(sql`'[]'`),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    /** iCalendar SEQUENCE: bumped on every change a calendar should pick up. */
    sequence: integer('sequence').notNull().default(0),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    /** When the job that marks it completed at its end was handed to the queue (outbox marker). */
    completionEnqueuedAt: integer('completion_enqueued_at', { mode: 'timestamp_ms' }),
    /** When the job that sends its reminder (REMINDER_BEFORE the start) was handed to the queue. */
    reminderEnqueuedAt: integer('reminder_enqueued_at', { mode: 'timestamp_ms' }),
    /** When the job that asks its attendees for feedback (FEEDBACK_AFTER the end) was handed to the queue. */
    feedbackEnqueuedAt: integer('feedback_enqueued_at', { mode: 'timestamp_ms' }),
    /** When its attendees were asked for feedback: once, ever. */
    feedbackRequestedAt: integer('feedback_requested_at', { mode: 'timestamp_ms' }),
    /**
     * Its poster, cover and QR (event_pictures) are drawn by a job, never on a request: the
     * `updatedAt` they were drawn for, when someone first asked for one (POSTERS_AHEAD=false), and
     * when the drawing job was handed to the queue (outbox marker, cleared by every change).
     */
    picturesFor: integer('pictures_for', { mode: 'timestamp_ms' }),
    picturesWantedAt: integer('pictures_wanted_at', { mode: 'timestamp_ms' }),
    picturesEnqueuedAt: integer('pictures_enqueued_at', { mode: 'timestamp_ms' }),
    /**
     * Bumped by a trigger (migration 0030) whenever a column the public forms show changes: the
     * rendered JSON and pages are remembered by it (src/events/event-forms.ts), in any process.
     */
    viewVersion: integer('view_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('events_status_start_idx').on(t.status, t.startAt, t.id),
    index('events_organization_idx').on(t.organizationId),
    index('events_pictures_idx').on(t.status, t.picturesEnqueuedAt),
  ],
);

/**
 * An event's pictures as last drawn: the 1080×1920 poster, the 900×383 article cover and the QR
 * to its page, as PNG. `version` is a hash of what they show (title, time, place, organizer,
 * address): the ETag, and what tells a redraw is needed.
 */
export const eventPictures = sqliteTable('event_pictures', {
  eventId: integer('event_id')
    .primaryKey()
    .references(() => events.id),
  version: text('version').notNull(),
  poster: blob('poster', { mode: 'buffer' }).notNull(),
  cover: blob('cover', { mode: 'buffer' }).notNull(),
  qr: blob('qr', { mode: 'buffer' }).notNull(),
  drawnAt: integer('drawn_at', { mode: 'timestamp_ms' }).notNull(),
});

export const REGISTRATION_STATUSES = ['held', 'confirmed', 'waitlisted', 'cancelled', 'checked_in'] as const;
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
    /** E.164 (`+8613812345678`), when the event asks for it; never shown publicly. */
    mobile: text('mobile'),
    /** Answers to the event's questions by question id, each with the label it answered; organizers see them, the public never. */
    answers: text('answers', { mode: 'json' }).$type<Answers>(),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** `public` registrations, or `guest` ones made by accepting an invitation. */
    kind: text('kind', { enum: ['public', 'guest'] }).notNull().default('public'),
    /** Waitlist order: when the person (re)joined. */
    queuedAt: integer('queued_at', { mode: 'timestamp_ms' }).notNull(),
    checkedInAt: integer('checked_in_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    /** While `held`: when the seat goes back if the mailed link is not opened (REGISTRATION_HOLD). */
    holdExpiresAt: integer('hold_expires_at', { mode: 'timestamp_ms' }),
    /** Outbox marker of the hold's expiry job. */
    holdEnqueuedAt: integer('hold_enqueued_at', { mode: 'timestamp_ms' }),
    /** The privacy notice the person was shown (privacy_notices.version) and when. */
    noticeVersion: text('notice_version'),
    noticeAt: integer('notice_at', { mode: 'timestamp_ms' }),
    /** When the person's data was erased (retention or request); counts stay, the data is gone. */
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
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
    /** When the person's data was erased (retention or request). */
    erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_event_email_idx').on(t.eventId, t.email)],
);

export const CO_ORGANIZER_ANSWERS = ['asked', 'accepted', 'declined'] as const;

/**
 * An organization named as co-organizer of an event: only once one of its members accepts is it
 * shown on the event and credited (events.coOrganizerIds holds the accepted ones); asked or
 * declined, it is neither. Its members see the request on their home page.
 */
export const coOrganizerRequests = sqliteTable(
  'co_organizer_requests',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    organizationId: integer('organization_id').notNull(),
    status: text('status', { enum: CO_ORGANIZER_ANSWERS }).notNull().default('asked'),
    answeredBy: integer('answered_by'),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.organizationId] }), index('co_organizer_requests_org_idx').on(t.organizationId, t.status)],
);

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './common.js';
import { events, registrations } from './events.js';

/**
 * What an attendee said after an event (the mailed survey): one answer per registration,
 * editable while the link lives. The event is kept too, for the sums per event and per report group.
 */
export const feedback = sqliteTable(
  'feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => registrations.id),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    /** 1–5. */
    rating: integer('rating').notNull(),
    /** How likely to recommend it, 0–10 (for the Net Promoter Score); optional. */
    recommend: integer('recommend'),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('feedback_registration_idx').on(t.registrationId), index('feedback_event_idx').on(t.eventId)],
);

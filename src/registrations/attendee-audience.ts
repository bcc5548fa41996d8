import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import type { AudienceResolver } from '../announcements/audience.js';
import { registrations } from '../db/schema.js';

/** Registered attendees holding a seat get the event's reminder. */
export const attendeeAudience: AudienceResolver = (tx, event, announcement) =>
  announcement.kind !== 'reminder'
    ? []
    : tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), inArray(registrations.status, ['confirmed', 'checked_in'])))
        .all()
        .map((row) => ({ targetType: 'registration' as const, targetId: row.id }));

/** Who is mailed when an event is cancelled: everyone holding a seat or waiting for one (a held, unconfirmed seat is not). */
export function cancellationRecipients(db: DbOrTx, eventId: number) {
  return db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
    .all();
}

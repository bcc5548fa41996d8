import { and, eq, inArray } from 'drizzle-orm';
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

import type { DbOrTx } from '../db/database.js';
import type { AudienceResolver } from '../announcements/audience.js';
import { registrationsInStatus } from './registrations-dal.js';

/** Registered attendees holding a seat get the event's reminder. */
export const attendeeAudience: AudienceResolver = (tx, event, announcement) =>
  announcement.kind !== 'reminder' ? [] : registrationsInStatus(tx, event.id, ['confirmed', 'checked_in']).map((row) => ({ targetType: 'registration' as const, targetId: row.id }));

/** Who is mailed when an event is cancelled: everyone holding a seat or waiting for one (a held, unconfirmed seat is not). */
export function cancellationRecipients(db: DbOrTx, eventId: number) {
  return registrationsInStatus(db, eventId, ['confirmed', 'waitlisted']);
}

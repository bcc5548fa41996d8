import type { Db } from '../db/database.js';
import type { AnnouncementKind } from '../db/schema.js';
import { eventRecord } from '../events/events-service.js';
import { NotFoundError } from '../errors/http-errors.js';
import { attendeeAudience, cancellationRecipients } from '../registrations/attendee-audience.js';
import { subscriberAudience } from '../subscribers/subscriber-audience.js';
import type { AudienceResolver, AudienceTarget } from '../announcements/audience.js';
import { channelAudience } from '../channels/channel-audience.js';

/** Everyone an announcement of an event reaches: partner channels, subscribers, the event's attendees (the fan-out's list). */
export const EVENT_AUDIENCE: readonly AudienceResolver[] = [channelAudience, subscriberAudience, attendeeAudience];

/**
 * How many an announcement of `kind` would reach if it were written now, by the same resolvers
 * the fan-out uses (and, for a cancellation, the registrants it mails): what a confirmation ("publish? it goes to 120 subscribers and 3 channels")
 * says before anything is sent.
 */
export function audienceOf(db: Db, eventId: number, kind: AnnouncementKind): Record<AudienceTarget['targetType'], number> {
  return db.transaction((tx) => {
    const event = eventRecord({ db: tx }, eventId);
    if (!event) throw new NotFoundError('Event', eventId);
    // Not written: id 0 is no announcement, so "earlier announcements" are all of them.
    const draft = { id: 0, eventId, kind, sequence: event.sequence, enqueuedAt: null, fannedOutAt: null, dueAt: null, changes: null, createdAt: new Date() };
    const counts = { channel: 0, subscriber: 0, registration: 0 };
    for (const resolve of EVENT_AUDIENCE) for (const target of resolve(tx, event, draft)) counts[target.targetType]++;
    // A cancellation also mails each registrant directly (events-service), not through the fan-out.
    if (kind === 'cancelled') counts.registration += cancellationRecipients(tx, eventId).length;
    return counts;
  });
}

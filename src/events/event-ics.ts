import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventWithPlace } from './events-dal.js';

/**
 * An RFC 5545 calendar of events: a stable UID per event, SEQUENCE from the event (bumped on
 * every change), STATUS:CANCELLED for cancelled ones, times in UTC, LOCATION with the venue's
 * name and address, URL to the event.
 */
export function eventsCalendar(places: EventWithPlace[], options: { publicUrl: string; name: string }): string {
  const host = new URL(options.publicUrl).hostname;
  const calendar = ical({ name: options.name, prodId: { company: 'chuanglian', product: 'events', language: 'ZH' }, method: ICalCalendarMethod.PUBLISH });
  for (const { event, venue } of places) {
    calendar.createEvent({
      id: `event-${event.id}@${host}`,
      sequence: event.sequence,
      start: event.startAt,
      end: event.endAt,
      stamp: event.updatedAt,
      lastModified: event.updatedAt,
      created: event.createdAt,
      summary: event.title,
      description: [event.summary, event.onlineUrl].filter(Boolean).join('\n\n') || null,
      location: venue ? [venue.name, venue.address].filter(Boolean).join(', ') : event.onlineUrl,
      url: `${options.publicUrl}/v1/events/${event.id}`,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: event.topics.map((name) => ({ name })),
    });
  }
  return calendar.toString();
}

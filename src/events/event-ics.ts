import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import type { EventWithPlace } from './events-dal.js';
import { nowDate } from '../time/clock.js';

/** One VEVENT, from an event row, an announcement's message or a reservation alike. */
export interface CalendarEntry {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description: string | null;
  location: string | null;
  url: string;
  cancelled: boolean;
  topics: string[];
}

/** Control characters RFC 5545 TEXT may not hold (all but tab; line breaks are escaped as \n). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ICS_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A value as ical-generator takes it: it escapes TEXT itself, but passes control characters on. */
function clean(value: string): string;
function clean(value: string | null): string | null;
function clean(value: string | null): string | null {
  return value === null ? null : value.replace(ICS_CONTROLS, '');
}

/**
 * RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped, control characters
 * dropped. For the values ical-generator writes as they are (the calendar's NAME and X-WR-CALNAME).
 */
export function icsText(value: string): string {
  return clean(value)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** The stable UID of an event, whatever changes: `event-<id>@<host of PUBLIC_URL>`. */
export function eventUid(eventId: number, publicUrl: string): string {
  return `event-${eventId}@${new URL(publicUrl).hostname}`;
}

/**
 * An RFC 5545 calendar: a stable UID per event, SEQUENCE bumped on every change,
 * STATUS:CANCELLED for cancelled events, times in UTC, LOCATION with the venue's name and
 * address, URL to the event.
 */
export function calendar(entries: CalendarEntry[], name: string): string {
  const cal = ical({ name: icsText(name), prodId: { company: 'chuanglian', product: 'events', language: 'ZH' }, method: ICalCalendarMethod.PUBLISH });
  for (const entry of entries) {
    cal.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      start: entry.start,
      end: entry.end,
      stamp: entry.stamp,
      summary: clean(entry.summary),
      description: clean(entry.description),
      location: clean(entry.location),
      url: entry.url,
      status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: entry.topics.map((topic) => ({ name: topic })),
    });
  }
  return cal.toString();
}

export function eventsCalendar(places: EventWithPlace[], options: { publicUrl: string; name: string }): string {
  return calendar(
    places.map(({ event, venue }) => ({
      uid: eventUid(event.id, options.publicUrl),
      sequence: event.sequence,
      start: event.startAt,
      end: event.endAt,
      stamp: event.updatedAt,
      summary: event.title,
      description: [event.summary, event.onlineUrl].filter(Boolean).join('\n\n') || null,
      location: venue ? [venue.name, venue.address].filter(Boolean).join(', ') : event.onlineUrl,
      url: `${options.publicUrl}/events/${event.id}`,
      cancelled: event.status === 'cancelled',
      topics: event.topics,
    })),
    options.name,
  );
}

/** The .ics attached to a notice, built by the sender from the message alone. */
export function messageCalendar(message: AnnouncementMessage): string {
  return calendar(
    [
      {
        uid: message.uid,
        sequence: message.sequence,
        start: new Date(message.start),
        end: new Date(message.end),
        stamp: nowDate(),
        summary: message.title,
        description: message.summary,
        location: message.place,
        url: message.url,
        cancelled: message.kind === 'cancelled',
        topics: message.topics,
      },
    ],
    message.title,
  );
}

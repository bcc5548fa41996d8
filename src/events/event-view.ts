import { DEFAULT_TIMEZONE, inZone, utc } from '../time/instants.js';
import type { EventWithPlace } from './events-dal.js';
import type { Language } from '../db/schema.js';
import { describeTimeRange } from '../mail/templates/common.js';
import { remembered } from '../util/remembered.js';
import type { EventView } from './events-schemas.js';

/** The zone an event is shown in: its venue's, or Shanghai's for an online event. */
export function eventTimezone(place: Pick<EventWithPlace, 'venue'>): string {
  return place.venue?.timezone ?? DEFAULT_TIMEZONE;
}

export function toEventView({ event, venue, seatsTaken }: EventWithPlace): EventView {
  const timezone = eventTimezone({ venue });
  return {
    id: event.id,
    organizationId: event.organizationId,
    title: event.title,
    summary: event.summary,
    body: event.body,
    language: event.language,
    topics: event.topics,
    coOrganizerIds: event.coOrganizerIds,
    start: inZone(event.startAt.getTime(), timezone),
    end: inZone(event.endAt.getTime(), timezone),
    timezone,
    bookingId: event.bookingId,
    venue: venue ? { id: venue.id, name: venue.name, address: venue.address, parkId: venue.organizationId } : null,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    confirmRegistrations: event.confirmRegistrations,
    askMobile: event.askMobile,
    questions: event.questions,
    seatsLeft: Math.max(0, event.capacity - seatsTaken),
    status: event.status,
    sequence: event.sequence,
    publishedAt: event.publishedAt ? utc(event.publishedAt) : null,
    createdAt: utc(event.createdAt),
    updatedAt: utc(event.updatedAt),
  };
}

/** What mails about an event need: its time in its zone and its place in words. */
export function eventForMail({ event, venue }: Pick<EventWithPlace, 'event' | 'venue'>): EventForMail {
  const place = venue ? [venue.name, venue.address].filter(Boolean).join(', ') : (event.onlineUrl ?? '');
  return { title: event.title, startAt: event.startAt, endAt: event.endAt, language: event.language, timezone: eventTimezone({ venue }), place };
}

export interface EventForMail {
  title: string;
  startAt: Date;
  endAt: Date;
  language: Language;
  timezone: string;
  place: string;
}

/** The event's time in its zone, in its language. */
export function describeEventTime(event: Pick<EventForMail, 'startAt' | 'endAt' | 'timezone' | 'language'>): string {
  return spokenTimeOf(event.startAt.getTime(), event.endAt.getTime(), event.timezone, event.language);
}

/** The words for a time range, remembered: every registrant of an event gets the same (luxon's zone lookups are most of a mail). */
const spokenTimeOf = remembered(
  (start: number, end: number, timezone: string, language: Language) => describeTimeRange(new Date(start), new Date(end), timezone, language),
  (start, end, timezone, language) => `${start} ${end} ${timezone} ${language}`,
);

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, type AnnouncementKind, type Language } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';
import { eventUid } from '../events/event-ics.js';
import { eventForMail, eventTimezone } from '../events/event-view.js';
import { findEventWithPlace } from '../events/events-dal.js';
import { describeEventTime } from '../mail/templates/registration.js';
import { inZone } from '../time/instants.js';

/**
 * What an announcement says, rendered once in the API process (which has the database) and
 * carried in each delivery job, so senders format it for their platform without a lookup.
 */
export interface AnnouncementMessage {
  announcementId: number;
  eventId: number;
  kind: AnnouncementKind;
  language: Language;
  title: string;
  summary: string | null;
  /** Human-readable time in the event's zone, with its offset. */
  when: string;
  start: string;
  end: string;
  place: string;
  topics: string[];
  url: string;
  icsUrl: string;
  /** For an `updated` announcement: what changed, as people were told it before (only what differs now). */
  was?: { when?: string; place?: string };
  /** The event's calendar UID and SEQUENCE, so a sender can build the .ics itself. */
  uid: string;
  sequence: number;
}

export function buildMessage(db: DbOrTx, announcementId: number, publicUrl: string): AnnouncementMessage {
  const announcement = db.select().from(announcements).where(eq(announcements.id, announcementId)).get();
  if (!announcement) throw new NotFoundError('Announcement', announcementId);
  const message = eventMessage(db, announcement.eventId, announcement.kind, publicUrl, announcementId);
  if (announcement.kind !== 'updated' || !announcement.changes) return message;
  const { time, place } = announcement.changes;
  const timezone = eventTimezone(findEventWithPlace(db, announcement.eventId));
  const when = time ? describeEventTime({ startAt: new Date(time.start), endAt: new Date(time.end), timezone }) : undefined;
  const was = { ...(when && when !== message.when ? { when } : {}), ...(place !== undefined && place !== message.place ? { place } : {}) };
  return Object.keys(was).length ? { ...message, was } : message;
}

/** What an event's news says, for an announcement or for a digest (announcementId 0). */
export function eventMessage(db: DbOrTx, eventId: number, kind: AnnouncementKind, publicUrl: string, announcementId = 0): AnnouncementMessage {
  const place = findEventWithPlace(db, eventId);
  const { event } = place;
  const mail = eventForMail(place);
  const zone = eventTimezone(place);
  return {
    announcementId,
    eventId: event.id,
    kind,
    language: event.language,
    title: event.title,
    summary: event.summary,
    when: describeEventTime(mail),
    start: inZone(event.startAt.getTime(), zone),
    end: inZone(event.endAt.getTime(), zone),
    place: mail.place,
    topics: event.topics,
    url: `${publicUrl}/v1/events/${event.id}`,
    icsUrl: `${publicUrl}/v1/events/${event.id}/ics`,
    uid: eventUid(event.id, publicUrl),
    sequence: event.sequence,
  };
}

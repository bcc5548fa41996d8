import type { DbOrTx } from '../db/database.js';
import type { AnnouncedChanges, AnnouncementKind, Language } from '../db/schema.js';
import { announcementRecord } from '../announcements/announcements.js';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import { NotFoundError } from '../errors/http-errors.js';
import { eventUid } from './event-ics.js';
import { describeEventTime, eventForMail, eventTimezone } from './event-view.js';
import { findEventWithPlace } from './events-dal.js';
import { inZone } from '../time/instants.js';

export function buildMessage(db: DbOrTx, announcementId: number, publicUrl: string): AnnouncementMessage {
  const announcement = announcementRecord(db, announcementId);
  if (!announcement) throw new NotFoundError('Announcement', announcementId);
  return eventMessage(db, announcement.eventId, announcement.kind, publicUrl, announcementId, announcement.kind === 'updated' ? announcement.changes : null);
}

/** "Was" of a change notice: the time and place people were told before, where they differ from now. */
function wasBefore(changes: AnnouncedChanges, now: { when: string; place: string }, timezone: string, language: Language): AnnouncementMessage['was'] {
  const when = changes.time ? describeEventTime({ startAt: new Date(changes.time.start), endAt: new Date(changes.time.end), timezone, language }) : undefined;
  const was = { ...(when !== undefined && when !== now.when ? { when } : {}), ...(changes.place !== undefined && changes.place !== now.place ? { place: changes.place } : {}) };
  return Object.keys(was).length ? was : undefined;
}

/** What an event's news says, for an announcement or for a digest (announcementId 0); `changes` for a change notice. */
export function eventMessage(db: DbOrTx, eventId: number, kind: AnnouncementKind, publicUrl: string, announcementId = 0, changes: AnnouncedChanges | null = null): AnnouncementMessage {
  const place = findEventWithPlace(db, eventId);
  const { event } = place;
  const mail = eventForMail(place);
  const zone = eventTimezone(place);
  const when = describeEventTime(mail);
  const was = changes ? wasBefore(changes, { when, place: mail.place }, zone, mail.language) : undefined;
  return {
    ...(was ? { was } : {}),
    announcementId,
    eventId: event.id,
    kind,
    language: event.language,
    title: event.title,
    summary: event.summary,
    when,
    start: inZone(event.startAt.getTime(), zone),
    end: inZone(event.endAt.getTime(), zone),
    place: mail.place,
    topics: event.topics,
    // The page people open (details, registration), never the API: this goes into every notice.
    url: `${publicUrl}/events/${event.id}`,
    icsUrl: `${publicUrl}/v1/events/${event.id}/ics`,
    uid: eventUid(event.id, publicUrl),
    sequence: event.sequence,
  };
}

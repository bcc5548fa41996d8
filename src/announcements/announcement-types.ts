import type { AnnouncementKind, Language } from '../db/schema.js';

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

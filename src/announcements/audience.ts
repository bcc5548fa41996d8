import type { Tx } from '../db/database.js';
import type { announcements, events } from '../db/schema.js';

export interface AudienceTarget {
  targetType: 'channel' | 'subscriber' | 'registration';
  targetId: number;
}

type EventRow = typeof events.$inferSelect;
type AnnouncementRow = typeof announcements.$inferSelect;

/**
 * Who hears of an announcement: one resolver per kind of target (channels, subscribers, attendees).
 * Read once, in order; a large audience may be produced as it is read rather than held in memory.
 */
export type AudienceResolver = (tx: Tx, event: EventRow, announcement: AnnouncementRow) => Iterable<AudienceTarget>;

import { eq } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { channels, type announcements, type events } from '../db/schema.js';

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

/** Active channels whose topic filter is empty or shares a topic with the event (reminders are for people only). */
export const channelAudience: AudienceResolver = (tx, event, announcement) =>
  announcement.kind === 'reminder' ? [] :
  tx
    .select({ id: channels.id, topics: channels.topics })
    .from(channels)
    .where(eq(channels.active, true))
    .all()
    .filter((channel) => channel.topics.length === 0 || channel.topics.some((topic) => event.topics.includes(topic)))
    .map((channel) => ({ targetType: 'channel' as const, targetId: channel.id }));

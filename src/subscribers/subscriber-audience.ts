import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AudienceResolver } from '../announcements/audience.js';
import { announcements, bookings, deliveries, subscribers, venues, type SubscriberPreferences } from '../db/schema.js';

/** Everything when no list is set; otherwise any topic, park or organization in common. */
export function wants(preferences: SubscriberPreferences, event: { topics: string[]; organizationId: number }, parkId: number | null): boolean {
  const { topics, parks, organizations } = preferences;
  if (topics.length === 0 && parks.length === 0 && organizations.length === 0) return true;
  return (
    topics.some((topic) => event.topics.includes(topic)) ||
    (parkId !== null && parks.includes(parkId)) ||
    organizations.includes(event.organizationId)
  );
}

/**
 * Subscribers hear of a newly published event when they asked for instant notices and their
 * preferences match. Updates and cancellations go to exactly those who got an earlier notice of
 * the event (and are still subscribed), whatever their preferences say now; reminders to those
 * of them who asked for reminders.
 */
export const subscriberAudience: AudienceResolver = (tx, event, announcement) => {
  if (announcement.kind === 'published') {
    const parkId = event.bookingId
      ? (tx.select({ park: venues.organizationId }).from(bookings).innerJoin(venues, eq(venues.id, bookings.venueId)).where(eq(bookings.id, event.bookingId)).get()?.park ?? null)
      : null;
    return tx
      .select({ id: subscribers.id, preferences: subscribers.preferences })
      .from(subscribers)
      .where(eq(subscribers.status, 'confirmed'))
      .all()
      .filter((s) => s.preferences.cadence === 'instant' && wants(s.preferences, event, parkId))
      .map((s) => ({ targetType: 'subscriber' as const, targetId: s.id }));
  }
  if (announcement.kind === 'updated' || announcement.kind === 'cancelled' || announcement.kind === 'reminder') {
    const earlier = tx
      .select({ id: announcements.id })
      .from(announcements)
      .where(and(eq(announcements.eventId, event.id), ne(announcements.id, announcement.id)))
      .all()
      .map((a) => a.id);
    if (earlier.length === 0) return [];
    return tx
      .selectDistinct({ id: deliveries.targetId, reminders: sql<number>`json_extract(${subscribers.preferences}, '$.reminders')` })
      .from(deliveries)
      .innerJoin(subscribers, eq(subscribers.id, deliveries.targetId))
      .where(and(inArray(deliveries.announcementId, earlier), eq(deliveries.targetType, 'subscriber'), eq(deliveries.status, 'sent'), eq(subscribers.status, 'confirmed')))
      .all()
      .filter((row) => announcement.kind !== 'reminder' || row.reminders)
      .map((row) => ({ targetType: 'subscriber' as const, targetId: row.id }));
  }
  return [];
};

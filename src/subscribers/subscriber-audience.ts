import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { AudienceResolver, AudienceTarget } from '../announcements/audience.js';
import type { Tx } from '../db/database.js';
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

const PAGE = 2000;

/**
 * Confirmed subscribers asking for instant notices whose preferences match, read a page at a time
 * by id: a 100,000-strong list is never held in memory at once (#22, the API's resident set).
 */
function* interestedSubscribers(tx: Tx, event: Parameters<AudienceResolver>[1]): Generator<AudienceTarget> {
  const parkId = event.bookingId
    ? (tx.select({ park: venues.organizationId }).from(bookings).innerJoin(venues, eq(venues.id, bookings.venueId)).where(eq(bookings.id, event.bookingId)).get()?.park ?? null)
    : null;
  for (let after = 0; ; ) {
    const page = tx
      .select({ id: subscribers.id, preferences: subscribers.preferences })
      .from(subscribers)
      .where(and(eq(subscribers.status, 'confirmed'), gt(subscribers.id, after)))
      .orderBy(asc(subscribers.id))
      .limit(PAGE)
      .all();
    for (const s of page) if (s.preferences.cadence === 'instant' && wants(s.preferences, event, parkId)) yield { targetType: 'subscriber', targetId: s.id };
    if (page.length < PAGE) return;
    after = page.at(-1)!.id;
  }
}

/**
 * Subscribers hear of a newly published event when they asked for instant notices and their
 * preferences match. Updates and cancellations go to exactly those who got an earlier notice of
 * the event (and are still subscribed), whatever their preferences say now; reminders to those
 * of them who asked for reminders.
 */
export const subscriberAudience: AudienceResolver = (tx, event, announcement) => {
  if (announcement.kind === 'published') return interestedSubscribers(tx, event);
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

import type { AudienceResolver, AudienceTarget } from '../announcements/audience.js';
import type { Tx } from '../db/database.js';
import type { SubscriberPreferences } from '../db/schema.js';
import { confirmedPreferencesAfter, parkOfBooking, subscribersToldBefore } from './subscribers-dal.js';

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
  const parkId = event.bookingId ? parkOfBooking(tx, event.bookingId) : null;
  for (let after = 0; ; ) {
    const page = confirmedPreferencesAfter(tx, after, PAGE);
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
    return subscribersToldBefore(tx, event.id, announcement.id)
      .filter((row) => announcement.kind !== 'reminder' || row.reminders)
      .map((row) => ({ targetType: 'subscriber' as const, targetId: row.id }));
  }
  return [];
};

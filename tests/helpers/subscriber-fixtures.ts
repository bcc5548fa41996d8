import type { Db } from '../../src/db/database.js';
import { subscribers, type SubscriberPreferences } from '../../src/db/schema.js';

/** Every topic, park and organization, at once, in English, without reminders. */
export const EVERYTHING: SubscriberPreferences = { topics: [], parks: [], organizations: [], language: 'en', cadence: 'instant', reminders: false };

/**
 * Writes `count` confirmed subscribers straight into the database (the double opt-in has its
 * own tests), addressed `<name>-<i>@subscribers.example`; returns their addresses in order.
 */
export function seedConfirmedSubscribers(db: Db, count: number, name = 's', preferences = EVERYTHING): string[] {
  const now = new Date();
  const emails = Array.from({ length: count }, (_, i) => `${name}-${i}@subscribers.example`);
  db.transaction((tx) => {
    for (let i = 0; i < count; i += 1000) {
      tx.insert(subscribers)
        .values(emails.slice(i, i + 1000).map((email) => ({ email, status: 'confirmed' as const, preferences, confirmedAt: now, updatedAt: now })))
        .run();
    }
  });
  return emails;
}

import { and, asc, eq, gt, gte, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, bookings, deliveries, digestRuns, events, subscribers, venues, type SubscriberStatus } from '../db/schema.js';

export type SubscriberRow = typeof subscribers.$inferSelect;
type SubscriberValues = typeof subscribers.$inferInsert;

export function findSubscriber(db: DbOrTx, id: number): SubscriberRow | undefined {
  return db.select().from(subscribers).where(eq(subscribers.id, id)).get();
}

export function subscriberByEmail(db: DbOrTx, email: string): SubscriberRow | undefined {
  return db.select().from(subscribers).where(eq(subscribers.email, email)).get();
}

export function insertSubscriber(db: DbOrTx, values: SubscriberValues): SubscriberRow {
  return db.insert(subscribers).values(values).returning().get();
}

export function updateSubscriber(db: DbOrTx, id: number, values: Partial<SubscriberValues>): SubscriberRow {
  return db.update(subscribers).set(values).where(eq(subscribers.id, id)).returning().get();
}

/** One page of subscribers after `afterId` in id order (`limit` + 1 rows). */
export function subscribersAfter(db: DbOrTx, afterId: number, limit: number, status?: SubscriberStatus): SubscriberRow[] {
  return db
    .select()
    .from(subscribers)
    .where(and(gt(subscribers.id, afterId), status ? eq(subscribers.status, status) : undefined))
    .orderBy(asc(subscribers.id))
    .limit(limit + 1)
    .all();
}

/** Confirmed subscribers' ids and preferences after `afterId`, at most `limit`, in id order. */
export function confirmedPreferencesAfter(db: DbOrTx, afterId: number, limit: number) {
  return db
    .select({ id: subscribers.id, preferences: subscribers.preferences })
    .from(subscribers)
    .where(and(eq(subscribers.status, 'confirmed'), gt(subscribers.id, afterId)))
    .orderBy(asc(subscribers.id))
    .limit(limit)
    .all();
}

/** Every confirmed subscriber. */
export function confirmedSubscribers(db: DbOrTx): SubscriberRow[] {
  return db.select().from(subscribers).where(eq(subscribers.status, 'confirmed')).all();
}

/** The park whose venue a booking is at. */
export function parkOfBooking(db: DbOrTx, bookingId: number): number | null {
  return db.select({ park: venues.organizationId }).from(bookings).innerJoin(venues, eq(venues.id, bookings.venueId)).where(eq(bookings.id, bookingId)).get()?.park ?? null;
}

/**
 * Still-confirmed subscribers who were sent a notice of the event before this announcement, each
 * with whether they asked for reminders.
 */
export function subscribersToldBefore(db: DbOrTx, eventId: number, announcementId: number) {
  const earlier = db
    .select({ id: announcements.id })
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), ne(announcements.id, announcementId)))
    .all()
    .map((a) => a.id);
  if (earlier.length === 0) return [];
  return db
    .selectDistinct({ id: deliveries.targetId, reminders: sql<number>`json_extract(${subscribers.preferences}, '$.reminders')` })
    .from(deliveries)
    .innerJoin(subscribers, eq(subscribers.id, deliveries.targetId))
    .where(and(inArray(deliveries.announcementId, earlier), eq(deliveries.targetType, 'subscriber'), eq(deliveries.status, 'sent'), eq(subscribers.status, 'confirmed')))
    .all();
}

/** Published events still to end after `now`, soonest first, each with its venue's park. */
export function upcomingPublishedWithPark(db: DbOrTx, now: Date) {
  return db
    .select({ event: events, park: venues.organizationId })
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(and(eq(events.status, 'published'), gt(events.endAt, now)))
    .orderBy(asc(events.startAt))
    .all();
}

/** Plans a digest run at `dueAt` (the same time twice is one run). */
export function planDigestRun(db: DbOrTx, dueAt: Date): void {
  db.insert(digestRuns).values({ dueAt }).onConflictDoNothing().run();
}

export function findDigestRun(db: DbOrTx, id: number) {
  return db.select().from(digestRuns).where(eq(digestRuns.id, id)).get();
}

export function finishDigestRun(db: DbOrTx, id: number, at: Date): void {
  db.update(digestRuns).set({ doneAt: at }).where(eq(digestRuns.id, id)).run();
}

/** Digest runs not done wait for their time (the digest outbox source's condition). */
export const DIGEST_WAITING = isNull(digestRuns.doneAt);

/**
 * After a notice to a subscriber was refused for good (`bounced`) or went out: refusals in a row
 * are counted, a delivery clears the count, and `limit` in a row make a confirmed address bouncing.
 */
export function countBounce(db: DbOrTx, id: number, bounced: boolean, limit: number, now: Date): void {
  db.update(subscribers).set({ bounces: bounced ? sql`${subscribers.bounces} + 1` : 0, updatedAt: now }).where(eq(subscribers.id, id)).run();
  if (bounced) db.update(subscribers).set({ status: 'bouncing' }).where(and(eq(subscribers.id, id), gte(subscribers.bounces, limit), eq(subscribers.status, 'confirmed'))).run();
}

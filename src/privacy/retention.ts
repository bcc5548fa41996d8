import { and, eq, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import { DateTime, Duration } from 'luxon';
import { IMMEDIATE, type Db } from '../db/database.js';
import { emails, erasures, events, invitations, registrations, reservations, subscribers, textedCodes, type ErasureCounts } from '../db/schema.js';
import { scrubEmails, scrubInvitations, scrubRegistrations, scrubReservations, scrubSubscribers } from './erasure.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/** The office's zone: calendar periods (P12M) and the nightly run are counted in Shanghai time. */
const ZONE = DEFAULT_TIMEZONE;
/** The nightly retention run starts at this hour, when nobody is registering. */
const RUN_HOUR = 3;

export interface RetentionSettings {
  /** ISO 8601 periods, e.g. P12M and P30D. */
  retentionAfterEvent: string;
  retentionSubscriber: string;
}

/** The instant `period` before `now`, on the calendar (12 months before 31 May is 31 May a year ago). */
export function periodBefore(now: number, period: string): Date {
  return DateTime.fromMillis(now, { zone: ZONE }).minus(Duration.fromISO(period)).toJSDate();
}

/**
 * Erases what has been kept long enough: the people of events (and green-channel slots) that
 * ended more than RETENTION_AFTER_EVENT ago, mail older than that, and subscribers unsubscribed
 * or never confirmed for more than RETENTION_SUBSCRIBER (with the mail sent to them). Counts stay
 * (statuses, check-ins, ratings, countries), so reports keep their figures. Returns what it erased.
 */
export function eraseExpired(db: Db, settings: RetentionSettings, now: number): ErasureCounts {
  const eventCutoff = periodBefore(now, settings.retentionAfterEvent);
  const subscriberCutoff = periodBefore(now, settings.retentionSubscriber);
  const at = new Date(now);
  return db.transaction((tx) => {
    const endedEvents = tx.select({ id: events.id }).from(events).where(lt(events.endAt, eventCutoff));
    const [registrationCount, feedbackCount] = scrubRegistrations(tx, and(isNull(registrations.erasedAt), inArray(registrations.eventId, endedEvents))!, at);
    const lapsedSubscribers = and(
      isNull(subscribers.erasedAt),
      or(and(eq(subscribers.status, 'unsubscribed'), lt(subscribers.unsubscribedAt, subscriberCutoff)), and(eq(subscribers.status, 'pending'), lt(subscribers.createdAt, subscriberCutoff))),
    )!;
    const lapsedAddresses = tx.select({ email: subscribers.email }).from(subscribers).where(lapsedSubscribers);
    const oldMail = and(isNull(emails.erasedAt), ne(emails.status, 'pending'), lt(emails.createdAt, eventCutoff));
    const emailCount = scrubEmails(tx, or(oldMail, and(isNull(emails.erasedAt), inArray(emails.toAddress, lapsedAddresses)))!, at);
    // Texted codes are kept (hashed, with whom they were for) only while they may still be typed, and a day for the record.
    tx.delete(textedCodes).where(lt(textedCodes.expiresAt, new Date(now - 86_400_000))).run();
    return {
      registrations: registrationCount,
      feedback: feedbackCount,
      invitations: scrubInvitations(tx, and(isNull(invitations.erasedAt), inArray(invitations.eventId, endedEvents))!, at),
      reservations: scrubReservations(tx, and(isNull(reservations.erasedAt), lt(reservations.endAt, eventCutoff))!, at),
      subscribers: scrubSubscribers(tx, lapsedSubscribers, at),
      emails: emailCount,
      cancelled: 0,
    };
  }, IMMEDIATE);
}

/** The next nightly run strictly after `after`: RUN_HOUR:00 in Shanghai. */
export function nextRetentionAt(after: number): number {
  let at = DateTime.fromMillis(after, { zone: ZONE }).set({ hour: RUN_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() <= after) at = at.plus({ days: 1 });
  return at.toMillis();
}

/** Plans the next retention run after `after`, unless one is already waiting (planning the same time twice is a no-op too). */
export function planNextRetention(db: Db, after: number): void {
  const waiting = db.select({ id: erasures.id }).from(erasures).where(and(eq(erasures.reason, 'retention'), isNull(erasures.doneAt))).get();
  if (!waiting) db.insert(erasures).values({ reason: 'retention', dueAt: new Date(nextRetentionAt(after)) }).onConflictDoNothing().run();
}

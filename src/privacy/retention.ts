import { DateTime, Duration } from 'luxon';
import { IMMEDIATE, type Db } from '../db/database.js';
import type { ErasureCounts } from '../db/schema.js';
import { deleteCodesExpiredBefore, expired, planRetention, scrubEmails, scrubInvitations, scrubRegistrations, scrubReservations, scrubSubscribers } from './privacy-dal.js';
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
    const due = expired(tx, eventCutoff, subscriberCutoff);
    const [registrationCount, feedbackCount] = scrubRegistrations(tx, due.registrations, at);
    const emailCount = scrubEmails(tx, due.emails, at);
    deleteCodesExpiredBefore(tx, new Date(now - 86_400_000));
    return {
      registrations: registrationCount,
      feedback: feedbackCount,
      invitations: scrubInvitations(tx, due.invitations, at),
      reservations: scrubReservations(tx, due.reservations, at),
      subscribers: scrubSubscribers(tx, due.subscribers, at),
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
  planRetention(db, new Date(nextRetentionAt(after)));
}

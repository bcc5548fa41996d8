import { IMMEDIATE, type Db, type Tx } from '../db/database.js';
import type { ErasureCounts, ErasureReason } from '../db/schema.js';
import type { LinkDeps } from '../registrations/registration-links.js';
import { withdrawRegistration } from '../registrations/registrations-service.js';
import { nowDate } from '../time/clock.js';
import {
  cancelUpcomingReservations,
  recordErasure,
  scrubEmails,
  scrubInvitations,
  scrubRegistrations,
  scrubReservations,
  scrubSubscribers,
  subjectMatches,
  upcomingRegistrations,
  type DataSubject,
} from './privacy-dal.js';

export type PrivacyDeps = LinkDeps & { db: Db };

export const NO_ERASURES: ErasureCounts = { registrations: 0, invitations: 0, feedback: 0, reservations: 0, subscribers: 0, emails: 0, cancelled: 0 };

/**
 * Erases everything held about one person (their own request through /privacy, or a coordinator's
 * for a request made in person): registrations for events still to come are cancelled first (a
 * freed seat goes to the waitlist, the person is not mailed) and reservations still to come are
 * cancelled; then every record is scrubbed. The erasure is recorded with its counts.
 */
export function eraseSubject(
  deps: PrivacyDeps,
  subject: DataSubject,
  reason: Exclude<ErasureReason, 'retention'>,
  memberId: number | null = null,
  /** Anything else to write in the same transaction (an audit entry). */
  alsoWrite?: (tx: Tx, counts: ErasureCounts) => void,
): ErasureCounts {
  return deps.db.transaction((tx) => {
    const now = nowDate();
    const match = subjectMatches(subject);
    let cancelled = 0;
    for (const registration of upcomingRegistrations(tx, subject, now)) {
      withdrawRegistration({ ...deps, db: tx }, registration);
      cancelled++;
    }
    cancelled += cancelUpcomingReservations(tx, subject, now);
    const [registrationCount, feedbackCount] = scrubRegistrations(tx, match.registrations, now);
    const counts: ErasureCounts = {
      registrations: registrationCount,
      feedback: feedbackCount,
      invitations: scrubInvitations(tx, match.invitations, now),
      reservations: scrubReservations(tx, match.reservations, now),
      subscribers: scrubSubscribers(tx, match.subscribers, now),
      emails: scrubEmails(tx, match.emails, now),
      cancelled,
    };
    recordErasure(tx, reason, counts, now, memberId);
    alsoWrite?.(tx, counts);
    return counts;
  }, IMMEDIATE);
}

import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { IMMEDIATE, type Db, type Tx } from '../db/database.js';
import { emails, erasures, events, feedback, invitations, registrations, reservations, subscribers, type ErasureCounts, type ErasureReason } from '../db/schema.js';
import type { LinkDeps } from '../registrations/registration-links.js';
import { withdrawRegistration } from '../registrations/registrations-service.js';
import { nowDate } from '../time/clock.js';
import { subjectMatches, type DataSubject } from './personal-records.js';

export type PrivacyDeps = LinkDeps & { db: Db };

/** An address that says what happened and can never receive mail (RFC 2606 reserves `.invalid`). */
const erasedAddress = (prefix: string, id: AnySQLiteColumn) => sql`'erased-' || ${prefix} || '-' || ${id} || '@erased.invalid'`;

export const NO_ERASURES: ErasureCounts = { registrations: 0, invitations: 0, feedback: 0, reservations: 0, subscribers: 0, emails: 0, cancelled: 0 };

/**
 * Scrubs the registrations chosen by `where`: name, address, mobile and free-text answers go;
 * status, times and the answer to the event's country question stay, so attendance, no-show and
 * "participants from abroad" figures are unchanged. Their feedback keeps rating and score, loses
 * the comment. Returns [registrations, feedback comments] erased.
 */
export function scrubRegistrations(tx: Tx, where: SQL, now: Date): [number, number] {
  const rows = tx.select({ id: registrations.id, eventId: registrations.eventId, answers: registrations.answers }).from(registrations).where(where).all();
  if (rows.length === 0) return [0, 0];
  const eventIds = [...new Set(rows.map((row) => row.eventId))];
  const countryQuestion = new Map(
    tx
      .select({ id: events.id, questions: events.questions })
      .from(events)
      .where(inArray(events.id, eventIds))
      .all()
      .map((event) => [event.id, event.questions.find((q) => q.type === 'country')?.id]),
  );
  const scrub = tx
    .update(registrations)
    .set({ name: '', email: erasedAddress('r', registrations.id), mobile: null, answers: sql`${sql.placeholder('answers')}`, erasedAt: now })
    .where(eq(registrations.id, sql.placeholder('id')))
    .prepare();
  for (const row of rows) {
    const country = countryQuestion.get(row.eventId);
    const kept = country && row.answers?.[country] ? { [country]: row.answers[country] } : null;
    scrub.run({ id: row.id, answers: kept ? JSON.stringify(kept) : null });
  }
  const ids = rows.map((row) => row.id);
  let comments = 0;
  for (let i = 0; i < ids.length; i += 500) {
    comments += tx.update(feedback).set({ comment: null }).where(and(inArray(feedback.registrationId, ids.slice(i, i + 500)), sql`${feedback.comment} is not null`)).run().changes;
  }
  return [rows.length, comments];
}

export function scrubInvitations(tx: Tx, where: SQL, now: Date): number {
  return tx.update(invitations).set({ name: '', email: erasedAddress('i', invitations.id), erasedAt: now }).where(where).run().changes;
}

export function scrubReservations(tx: Tx, where: SQL, now: Date): number {
  return tx.update(reservations).set({ name: '', email: erasedAddress('v', reservations.id), phone: null, company: null, creditCode: null, erasedAt: now, updatedAt: now }).where(where).run().changes;
}

/** A subscriber erased is unsubscribed for good: nothing more can reach an address that is gone. */
export function scrubSubscribers(tx: Tx, where: SQL, now: Date): number {
  return tx
    .update(subscribers)
    .set({ email: erasedAddress('s', subscribers.id), status: 'unsubscribed', unsubscribedAt: sql`coalesce(${subscribers.unsubscribedAt}, ${now.getTime()})`, pendingPreferences: null, erasedAt: now, updatedAt: now })
    .where(where)
    .run().changes;
}

/** A mail still waiting is not sent any more (dead, "erased"); its text and address go either way. */
export function scrubEmails(tx: Tx, where: SQL, now: Date): number {
  return tx
    .update(emails)
    .set({
      toAddress: erasedAddress('m', emails.id),
      subject: '',
      text: '',
      html: null,
      headers: null,
      attachments: null,
      lastError: sql`case when ${emails.status} = 'pending' then 'erased before it was sent' else null end`,
      status: sql`case when ${emails.status} = 'pending' then 'dead' else ${emails.status} end`,
      erasedAt: now,
    })
    .where(where)
    .run().changes;
}

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
    const upcoming = tx
      .select({ registration: registrations })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(and(match.registrations, inArray(registrations.status, ['confirmed', 'held', 'waitlisted']), gt(events.endAt, now)))
      .all();
    for (const { registration } of upcoming) {
      withdrawRegistration({ ...deps, db: tx }, registration);
      cancelled++;
    }
    cancelled += tx
      .update(reservations)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now, heldFrom: null })
      .where(and(match.reservations, inArray(reservations.status, ['held', 'confirmed']), gt(reservations.startAt, now)))
      .run().changes;
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
    tx.insert(erasures).values({ reason, counts, doneAt: now, memberId }).run();
    alsoWrite?.(tx, counts);
    return counts;
  }, IMMEDIATE);
}

import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbOrTx, Tx } from '../db/database.js';
import {
  bookings,
  emails,
  erasures,
  events,
  feedback,
  invitations,
  members,
  privacyNotices,
  registrations,
  reservations,
  serviceCentres,
  serviceItems,
  subscribers,
  textedCodes,
  type ErasureCounts,
  type ErasureReason,
  venues,
} from '../db/schema.js';

/** Whose data: an address, or a mainland mobile number (E.164). */
export type DataSubject = { email: string } | { mobile: string };

/** An address that says what happened and can never receive mail (RFC 2606 reserves `.invalid`). */
const erasedAddress = (prefix: string, id: AnySQLiteColumn) => sql`'erased-' || ${prefix} || '-' || ${id} || '@erased.invalid'`;

/** Rows of each kind that belong to the subject and are not erased yet. */
export function subjectMatches(subject: DataSubject) {
  // Asked by mobile number, only registrations and reservations carry one. Mail is matched by the
  // address it went to only: a number proves no address (a registrant may type anyone's), and a
  // mailbox's mail — sign-in links among it — is for its owner alone.
  const byEmail = (column: AnySQLiteColumn): SQL => ('email' in subject ? eq(column, subject.email) : sql`0`);
  return {
    registrations: and(isNull(registrations.erasedAt), 'email' in subject ? eq(registrations.email, subject.email) : eq(registrations.mobile, subject.mobile))!,
    invitations: and(isNull(invitations.erasedAt), byEmail(invitations.email))!,
    reservations: and(isNull(reservations.erasedAt), 'email' in subject ? eq(reservations.email, subject.email) : eq(reservations.phone, subject.mobile))!,
    subscribers: and(isNull(subscribers.erasedAt), byEmail(subscribers.email))!,
    emails: and(isNull(emails.erasedAt), byEmail(emails.toAddress))!,
  };
}

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

/** Whether anything is held about the subject, asked without reading it: one existence query per kind. */
export function holdsAnything(db: DbOrTx, subject: DataSubject): boolean {
  const match = subjectMatches(subject);
  const one = { one: sql`1` };
  return [
    () => db.select(one).from(registrations).where(match.registrations).limit(1).get(),
    () => db.select(one).from(invitations).where(match.invitations).limit(1).get(),
    () => db.select(one).from(subscribers).where(match.subscribers).limit(1).get(),
    () => db.select(one).from(reservations).where(match.reservations).limit(1).get(),
    () => db.select(one).from(emails).where(match.emails).limit(1).get(),
  ].some((exists) => exists() !== undefined);
}

/** The subject's registrations still to come (confirmed, held or waitlisted, the event not over by `now`). */
export function upcomingRegistrations(tx: DbOrTx, subject: DataSubject, now: Date) {
  return tx
    .select({ registration: registrations })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(subjectMatches(subject).registrations, inArray(registrations.status, ['confirmed', 'held', 'waitlisted']), gt(events.endAt, now)))
    .all()
    .map((row) => row.registration);
}

/** Cancels the subject's reservations still to come; how many. */
export function cancelUpcomingReservations(tx: DbOrTx, subject: DataSubject, now: Date): number {
  return tx
    .update(reservations)
    .set({ status: 'cancelled', cancelledAt: now, updatedAt: now, heldFrom: null })
    .where(and(subjectMatches(subject).reservations, inArray(reservations.status, ['held', 'confirmed']), gt(reservations.startAt, now)))
    .run().changes;
}

/** Records an erasure done now. */
export function recordErasure(tx: DbOrTx, reason: ErasureReason, counts: ErasureCounts, doneAt: Date, memberId: number | null): void {
  tx.insert(erasures).values({ reason, counts, doneAt, memberId }).run();
}

/** The subject's registrations with their events and the venue's zone. */
export function subjectRegistrations(db: DbOrTx, subject: DataSubject) {
  return db
    .select({ registration: registrations, event: { id: events.id, title: events.title, startAt: events.startAt, endAt: events.endAt }, zone: venues.timezone })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(subjectMatches(subject).registrations)
    .all();
}

/** The feedback given on these registrations. */
export function feedbackOn(db: DbOrTx, registrationIds: number[]) {
  return registrationIds.length === 0 ? [] : db.select().from(feedback).where(inArray(feedback.registrationId, registrationIds)).all();
}

export function subjectInvitations(db: DbOrTx, subject: DataSubject) {
  return db.select({ invitation: invitations, title: events.title }).from(invitations).innerJoin(events, eq(events.id, invitations.eventId)).where(subjectMatches(subject).invitations).all();
}

export function subjectSubscriptions(db: DbOrTx, subject: DataSubject) {
  return db.select().from(subscribers).where(subjectMatches(subject).subscribers).all();
}

export function subjectReservations(db: DbOrTx, subject: DataSubject) {
  return db
    .select({ reservation: reservations, service: serviceItems.name, centre: serviceCentres.name, zone: serviceCentres.timezone })
    .from(reservations)
    .innerJoin(serviceItems, eq(serviceItems.id, reservations.itemId))
    .innerJoin(serviceCentres, eq(serviceCentres.id, reservations.centreId))
    .where(subjectMatches(subject).reservations)
    .all();
}

export function subjectMails(db: DbOrTx, subject: DataSubject) {
  return db
    .select({ id: emails.id, kind: emails.kind, to: emails.toAddress, subject: emails.subject, text: emails.text, status: emails.status, createdAt: emails.createdAt, sentAt: emails.sentAt })
    .from(emails)
    .where(subjectMatches(subject).emails)
    .all();
}

/** Erasures done (nightly runs that found nothing left out), newest first, by offset; with the coordinator's name. */
export function erasuresDone(db: DbOrTx, limit: number, offset: number) {
  return db
    .select({ erasure: erasures, by: members.name })
    .from(erasures)
    .leftJoin(members, eq(members.id, erasures.memberId))
    .where(and(isNotNull(erasures.doneAt), or(sql`${erasures.reason} <> 'retention'`, sql`(select sum(value) from json_each(${erasures.counts})) > 0`)))
    .orderBy(desc(erasures.doneAt), desc(erasures.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** When the next nightly retention run is due, if one is planned. */
export function nextRetentionDue(db: DbOrTx): Date | null {
  return db.select({ dueAt: erasures.dueAt }).from(erasures).where(and(eq(erasures.reason, 'retention'), isNull(erasures.doneAt), isNotNull(erasures.dueAt))).orderBy(erasures.dueAt).get()?.dueAt ?? null;
}

/** Planned retention runs wait for their time (the retention outbox source's condition). */
export const RETENTION_WAITING = and(eq(erasures.reason, 'retention'), isNull(erasures.doneAt))!;

export function findErasure(db: DbOrTx, id: number) {
  return db.select().from(erasures).where(eq(erasures.id, id)).get();
}

export function finishErasure(db: DbOrTx, id: number, counts: ErasureCounts, doneAt: Date): void {
  db.update(erasures).set({ counts, doneAt }).where(eq(erasures.id, id)).run();
}

/** Plans a retention run at `dueAt` unless one is already waiting. */
export function planRetention(db: DbOrTx, dueAt: Date): void {
  const waiting = db.select({ id: erasures.id }).from(erasures).where(RETENTION_WAITING).get();
  if (!waiting) db.insert(erasures).values({ reason: 'retention', dueAt }).onConflictDoNothing().run();
}

/** What has been kept long enough, as conditions for the scrubs (see eraseExpired). */
export function expired(tx: DbOrTx, eventCutoff: Date, subscriberCutoff: Date) {
  const endedEvents = tx.select({ id: events.id }).from(events).where(lt(events.endAt, eventCutoff));
  const lapsedSubscribers = and(
    isNull(subscribers.erasedAt),
    or(and(eq(subscribers.status, 'unsubscribed'), lt(subscribers.unsubscribedAt, subscriberCutoff)), and(eq(subscribers.status, 'pending'), lt(subscribers.createdAt, subscriberCutoff))),
  )!;
  const lapsedAddresses = tx.select({ email: subscribers.email }).from(subscribers).where(lapsedSubscribers);
  const oldMail = and(isNull(emails.erasedAt), ne(emails.status, 'pending'), lt(emails.createdAt, eventCutoff));
  return {
    registrations: and(isNull(registrations.erasedAt), inArray(registrations.eventId, endedEvents))!,
    invitations: and(isNull(invitations.erasedAt), inArray(invitations.eventId, endedEvents))!,
    reservations: and(isNull(reservations.erasedAt), lt(reservations.endAt, eventCutoff))!,
    subscribers: lapsedSubscribers,
    emails: or(oldMail, and(isNull(emails.erasedAt), inArray(emails.toAddress, lapsedAddresses)))!,
  };
}

/** Texted codes expired before `before` go (kept, hashed, only while they may still be typed, and a day for the record). */
export function deleteCodesExpiredBefore(tx: DbOrTx, before: Date): void {
  tx.delete(textedCodes).where(lt(textedCodes.expiresAt, before)).run();
}

/** Keeps a notice version's words (a version already kept stays as it was). */
export function keepNotice(db: DbOrTx, version: string, en: string, zh: string): void {
  db.insert(privacyNotices).values({ version, en, zh }).onConflictDoNothing().run();
}

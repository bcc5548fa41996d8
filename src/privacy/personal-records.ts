import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../db/database.js';
import { bookings, emails, events, feedback, invitations, registrations, reservations, serviceCentres, serviceItems, subscribers, venues } from '../db/schema.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';
import { inZone } from '../time/instants.js';
import { BadRequestError } from '../errors/http-errors.js';
import { EMAIL_PATTERN } from '../http/schemas.js';
import { mainlandMobile } from '../phones/mobile-number.js';
import { nowDate } from '../time/clock.js';

/** Whose data: an address, or a mainland mobile number (E.164). */
export type DataSubject = { email: string } | { mobile: string };

/** The person asked about, from what was typed: an address (lower-cased) or a mobile number; 400 otherwise. */
export function dataSubject(input: { email?: string; mobile?: string }): DataSubject {
  const email = input.email?.trim().toLowerCase();
  if (email) {
    if (!new RegExp(EMAIL_PATTERN).test(email) || email.length > 254) throw new BadRequestError(`"${email}" is not an email address.`, 'email').say('errPrivacyEmail', { email });
    return { email };
  }
  if (input.mobile?.trim()) return { mobile: mainlandMobile(input.mobile) };
  throw new BadRequestError('Give an email address or a mobile number.', 'email').say('errPrivacyWho');
}

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

/** The privacy notice a record was given under, and when it was shown. */
const noticeOf = (row: { noticeVersion: string | null; noticeAt: Date | null }) => (row.noticeVersion ? { version: row.noticeVersion, shownAt: row.noticeAt?.toISOString() ?? null } : null);

/**
 * Everything held about the subject, as a person would want it written out: their
 * registrations (with the event, answers and feedback), invitations, subscriptions, green-channel
 * reservations and every mail sent to them. What /privacy offers as JSON, and the coordinator's export.
 */
export function personalRecords(db: DbOrTx, subject: DataSubject) {
  const match = subjectMatches(subject);
  const regs = db
    .select({ registration: registrations, event: { id: events.id, title: events.title, startAt: events.startAt, endAt: events.endAt }, zone: venues.timezone })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(match.registrations)
    .all();
  const ids = regs.map((r) => r.registration.id);
  const feedbackOf = new Map(ids.length === 0 ? [] : db.select().from(feedback).where(inArray(feedback.registrationId, ids)).all().map((row) => [row.registrationId, row]));
  return {
    subject,
    generatedAt: nowDate().toISOString(),
    registrations: regs.map(({ registration: r, event, zone: venueZone }) => {
      const zone = venueZone ?? DEFAULT_TIMEZONE;
      const said = feedbackOf.get(r.id);
      return {
        id: r.id,
        event: { id: event.id, title: event.title, start: inZone(event.startAt.getTime(), zone), end: inZone(event.endAt.getTime(), zone), timezone: zone },
        name: r.name,
        email: r.email,
        mobile: r.mobile,
        answers: r.answers ?? {},
        status: r.status,
        kind: r.kind,
        registeredAt: r.createdAt.toISOString(),
        checkedInAt: r.checkedInAt?.toISOString() ?? null,
        cancelledAt: r.cancelledAt?.toISOString() ?? null,
        notice: noticeOf(r),
        feedback: said ? { rating: said.rating, recommend: said.recommend, comment: said.comment, at: said.updatedAt.toISOString() } : null,
      };
    }),
    invitations: db
      .select({ invitation: invitations, title: events.title })
      .from(invitations)
      .innerJoin(events, eq(events.id, invitations.eventId))
      .where(match.invitations)
      .all()
      .map(({ invitation: i, title }) => ({ id: i.id, event: { id: i.eventId, title }, name: i.name, email: i.email, role: i.role, status: i.status, invitedAt: i.createdAt.toISOString(), respondedAt: i.respondedAt?.toISOString() ?? null })),
    subscriptions: db
      .select()
      .from(subscribers)
      .where(match.subscribers)
      .all()
      .map((s) => ({ id: s.id, email: s.email, status: s.status, preferences: s.preferences, subscribedAt: s.createdAt.toISOString(), confirmedAt: s.confirmedAt?.toISOString() ?? null, unsubscribedAt: s.unsubscribedAt?.toISOString() ?? null, notice: noticeOf(s) })),
    reservations: db
      .select({ reservation: reservations, service: serviceItems.name, centre: serviceCentres.name, zone: serviceCentres.timezone })
      .from(reservations)
      .innerJoin(serviceItems, eq(serviceItems.id, reservations.itemId))
      .innerJoin(serviceCentres, eq(serviceCentres.id, reservations.centreId))
      .where(match.reservations)
      .all()
      .map(({ reservation: r, service, centre, zone }) => ({
        id: r.id,
        number: r.number,
        service,
        centre,
        start: inZone(r.startAt.getTime(), zone),
        end: inZone(r.endAt.getTime(), zone),
        timezone: zone,
        name: r.name,
        email: r.email,
        phone: r.phone,
        company: r.company,
        creditCode: r.creditCode,
        status: r.status,
        reservedAt: r.createdAt.toISOString(),
        notice: noticeOf(r),
      })),
    mails: db
      .select({ id: emails.id, kind: emails.kind, to: emails.toAddress, subject: emails.subject, text: emails.text, status: emails.status, createdAt: emails.createdAt, sentAt: emails.sentAt })
      .from(emails)
      .where(match.emails)
      .all()
      .map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
  };
}

export type PersonalRecords = ReturnType<typeof personalRecords>;

/** True when nothing at all is held about the subject. */
export function holdsNothing(records: PersonalRecords): boolean {
  return records.registrations.length + records.invitations.length + records.subscriptions.length + records.reservations.length + records.mails.length === 0;
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

import type { DbOrTx } from '../db/database.js';
import { feedbackOn, subjectInvitations, subjectMails, subjectRegistrations, subjectReservations, subjectSubscriptions, type DataSubject } from './privacy-dal.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';
import { inZone } from '../time/instants.js';
import { BadRequestError } from '../errors/http-errors.js';
import { EMAIL_PATTERN } from '../http/schemas.js';
import { mainlandMobile } from '../phones/mobile-number.js';
import { nowDate } from '../time/clock.js';

export type { DataSubject } from './privacy-dal.js';
export { holdsAnything } from './privacy-dal.js';

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

/** The privacy notice a record was given under, and when it was shown. */
const noticeOf = (row: { noticeVersion: string | null; noticeAt: Date | null }) => (row.noticeVersion ? { version: row.noticeVersion, shownAt: row.noticeAt?.toISOString() ?? null } : null);

/**
 * Everything held about the subject, as a person would want it written out: their
 * registrations (with the event, answers and feedback), invitations, subscriptions, green-channel
 * reservations and every mail sent to them. What /privacy offers as JSON, and the coordinator's export.
 */
export function personalRecords(db: DbOrTx, subject: DataSubject) {
  const regs = subjectRegistrations(db, subject);
  const feedbackOf = new Map(feedbackOn(db, regs.map((r) => r.registration.id)).map((row) => [row.registrationId, row]));
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
    invitations: subjectInvitations(db, subject)
      .map(({ invitation: i, title }) => ({ id: i.id, event: { id: i.eventId, title }, name: i.name, email: i.email, role: i.role, status: i.status, invitedAt: i.createdAt.toISOString(), respondedAt: i.respondedAt?.toISOString() ?? null })),
    subscriptions: subjectSubscriptions(db, subject)
      .map((s) => ({ id: s.id, email: s.email, status: s.status, preferences: s.preferences, subscribedAt: s.createdAt.toISOString(), confirmedAt: s.confirmedAt?.toISOString() ?? null, unsubscribedAt: s.unsubscribedAt?.toISOString() ?? null, notice: noticeOf(s) })),
    reservations: subjectReservations(db, subject)
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
    mails: subjectMails(db, subject)
      .map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
  };
}

export type PersonalRecords = ReturnType<typeof personalRecords>;

/** True when nothing at all is held about the subject. */
export function holdsNothing(records: PersonalRecords): boolean {
  return records.registrations.length + records.invitations.length + records.subscriptions.length + records.reservations.length + records.mails.length === 0;
}

import type { Language } from '../db/schema.js';
import type { OutgoingMail } from '../mail/mailer.js';
import type { BookingRow } from './bookings-dal.js';
import { composeMail, describeTimeRange, wordsIn } from '../mail/templates/common.js';

interface Recipient {
  email: string;
  name: string;
  language: Language;
}

interface VenueInfo {
  name: string;
  timezone: string;
}


function mail(to: Recipient, subject: string, lines: string[]): OutgoingMail {
  return composeMail(to.email, to.language, subject, lines);
}

export function newRequestMail(
  manager: Recipient,
  input: { bookings: BookingRow[]; venue: VenueInfo; requester: string; organization: string; approveUrl: string; declineUrl: string; venuesAsked?: number },
): OutgoingMail {
  const { bookings, venue } = input;
  const say = wordsIn(manager.language);
  const first = bookings[0]!;
  const slots = bookings.map((b) => `  • ${describeTimeRange(b.startAt, b.endAt, venue.timezone, manager.language)}`);
  const series = bookings.length > 1;
  const slot = describeTimeRange(first.startAt, first.endAt, venue.timezone, manager.language);
  return mail(manager, series ? say('mailRequestSubjectSeries', { venue: venue.name, slot, n: bookings.length - 1, total: bookings.length }) : say('mailRequestSubject', { venue: venue.name, slot }), [
    say('mailHello', { name: manager.name }),
    '',
    say('mailRequestAsks', { requester: input.requester, organization: input.organization, venue: venue.name }),
    ...slots,
    say('mailAttendance', { n: first.expectedAttendance }),
    say('mailPurpose', { purpose: first.purpose }),
    ...((input.venuesAsked ?? 1) > 1 ? [say('mailAskedSeveral', { n: input.venuesAsked! })] : []),
    '',
    say(series ? 'mailApproveAll' : 'mailApprove', { url: input.approveUrl }),
    say(series ? 'mailDeclineAll' : 'mailDecline', { url: input.declineUrl }),
    '',
    say('mailLinksOnce'),
  ]);
}

export type Outcome = 'approved' | 'declined' | 'cancelled' | 'expired' | 'withdrawn';
/** Why a request of a group was withdrawn: another venue of the group approved first, or its organizer withdrew the group. */
export type WithdrawnWhy = 'placed-elsewhere' | 'by-organizer';

/** Venues free for the same slot, offered after a decline, and the page where one click asks one of them. */
export interface Instead {
  alternatives: Array<{ name: string; park: string; capacity: number; feePerHour: number }>;
  url: string;
}

/** Tells someone what happened to a request: its organizer, or the park's managers. */
export function outcomeMail(to: Recipient, input: { bookings: BookingRow[]; venue: VenueInfo; outcome: Outcome; note?: string | null; why?: WithdrawnWhy; createEventUrl?: string; instead?: Instead }): OutgoingMail {
  const { bookings, venue, outcome } = input;
  const say = wordsIn(to.language);
  const first = bookings[0]!;
  const slots = bookings.map((b) => `  • ${describeTimeRange(b.startAt, b.endAt, venue.timezone, to.language)}`);
  const word = say(`mailOutcome_${outcome}`);
  return mail(to, say('mailOutcomeSubject', { outcome: word, venue: venue.name, slot: describeTimeRange(first.startAt, first.endAt, venue.timezone, to.language) }), [
    say('mailHello', { name: to.name }),
    '',
    say('mailOutcomeBody', { venue: venue.name, outcome: word }),
    ...slots,
    ...(input.why ? [say(input.why === 'placed-elsewhere' ? 'mailPlacedElsewhere' : 'mailWithdrawnByOrganizer')] : []),
    ...(input.note ? [say('mailNote', { note: input.note })] : []),
    ...(input.createEventUrl ? ['', say('mailCreateEvent', { url: input.createEventUrl })] : []),
    ...(input.instead?.alternatives.length
      ? [
          '',
          say('mailAlternatives'),
          ...input.instead.alternatives.map((a) => `  • ${say('mailAlternative', { venue: a.name, park: a.park, capacity: a.capacity, fee: a.feePerHour })}`),
          say('mailRequestInstead', { url: input.instead.url }),
        ]
      : []),
  ]);
}

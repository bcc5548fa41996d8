import type { Language } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';
import type { BookingRow } from '../../bookings/bookings-dal.js';
import { composeMail, describeTimeRange } from './common.js';

interface Recipient {
  email: string;
  name: string;
  language: Language;
}

interface VenueInfo {
  name: string;
  timezone: string;
}


/** The slot in the venue's zone, with its offset. */
export function describeSlot(booking: Pick<BookingRow, 'startAt' | 'endAt'>, timezone: string): string {
  return describeTimeRange(booking.startAt, booking.endAt, timezone);
}

function mail(to: Recipient, subject: Record<Language, string>, lines: Record<Language, string[]>): OutgoingMail {
  return composeMail(to.email, to.language, subject, lines);
}

export function newRequestMail(
  manager: Recipient,
  input: { bookings: BookingRow[]; venue: VenueInfo; requester: string; organization: string; approveUrl: string; declineUrl: string },
): OutgoingMail {
  const { bookings, venue } = input;
  const first = bookings[0]!;
  const slots = bookings.map((b) => `  #${b.id}  ${describeSlot(b, venue.timezone)}`);
  const series = bookings.length > 1;
  return mail(
    manager,
    {
      en: `Venue request: ${venue.name}, ${describeSlot(first, venue.timezone)}${series ? ` and ${bookings.length - 1} more weeks` : ''}`,
      'zh-CN': `场地申请：${venue.name}，${describeSlot(first, venue.timezone)}${series ? ` 等共 ${bookings.length} 次` : ''}`,
    },
    {
      en: [
        `Hello ${manager.name},`,
        '',
        `${input.requester} (${input.organization}) asks to use ${venue.name}:`,
        ...slots,
        `Expected attendance: ${first.expectedAttendance}`,
        `Purpose: ${first.purpose}`,
        '',
        `Approve${series ? ' all weeks' : ''}: ${input.approveUrl}`,
        `Decline${series ? ' all weeks' : ''}: ${input.declineUrl}`,
        '',
        'Each link opens a confirmation page first and works once.',
      ],
      'zh-CN': [
        `${manager.name}，您好：`,
        '',
        `${input.organization}的${input.requester}申请使用${venue.name}：`,
        ...slots,
        `预计人数：${first.expectedAttendance}`,
        `用途：${first.purpose}`,
        '',
        `批准${series ? '全部' : ''}：${input.approveUrl}`,
        `拒绝${series ? '全部' : ''}：${input.declineUrl}`,
        '',
        '链接会先打开确认页面，且只能使用一次。',
      ],
    },
  );
}

export type Outcome = 'approved' | 'declined' | 'cancelled' | 'expired';

const OUTCOME_WORDS: Record<Outcome, Record<Language, string>> = {
  approved: { en: 'approved', 'zh-CN': '已批准' },
  declined: { en: 'declined', 'zh-CN': '已拒绝' },
  cancelled: { en: 'cancelled', 'zh-CN': '已取消' },
  expired: { en: 'expired without a decision', 'zh-CN': '因无人处理已过期' },
};

/** Tells someone what happened to a request: its organizer, or the park's managers. */
export function outcomeMail(to: Recipient, input: { bookings: BookingRow[]; venue: VenueInfo; outcome: Outcome; note?: string | null }): OutgoingMail {
  const { bookings, venue, outcome } = input;
  const first = bookings[0]!;
  const slots = bookings.map((b) => `  #${b.id}  ${describeSlot(b, venue.timezone)}`);
  const word = OUTCOME_WORDS[outcome];
  const note = input.note ? { en: [`Note: ${input.note}`], 'zh-CN': [`说明：${input.note}`] } : { en: [], 'zh-CN': [] };
  return mail(
    to,
    {
      en: `Venue request ${word.en}: ${venue.name}, ${describeSlot(first, venue.timezone)}`,
      'zh-CN': `场地申请${word['zh-CN']}：${venue.name}，${describeSlot(first, venue.timezone)}`,
    },
    {
      en: [`Hello ${to.name},`, '', `This request for ${venue.name} was ${word.en}:`, ...slots, ...note.en],
      'zh-CN': [`${to.name}，您好：`, '', `以下${venue.name}的场地申请${word['zh-CN']}：`, ...slots, ...note['zh-CN']],
    },
  );
}

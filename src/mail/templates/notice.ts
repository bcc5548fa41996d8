import { messageCalendar } from '../../events/event-ics.js';
import type { NoticeContent } from '../../jobs/catalogue.js';
import type { OutgoingMail } from '../mailer.js';
import { attendeeReminderMail } from './registration.js';
import { noticeMail } from './subscriber.js';

/** Renders the mail of a notice job, in the sender. */
export function renderNotice(notice: NoticeContent): OutgoingMail {
  const ics = messageCalendar(notice.message);
  if (notice.template === 'attendee-reminder') return attendeeReminderMail({ name: notice.name, email: notice.to }, notice.message, ics, notice.cancelUrl);
  return noticeMail(notice.to, notice.message, ics, notice.links);
}

import { messageCalendar } from '../../src/events/event-ics.js';
import type { NoticeRecipient, SendNoticesJob } from '../../src/queue/catalogue.js';
import { cancelLink } from '../../src/registrations/registration-links.js';
import { manageUrls } from '../../src/subscribers/subscriber-links.js';
import type { OutgoingMail } from '../../src/mail/mailer.js';
import { attendeeReminderMail } from '../../src/registrations/registration-mails.js';
import { noticeMail } from '../../src/subscribers/subscriber-mails.js';

/** Renders the mails of a batch of notices, in the sender: the shared .ics once, each person's signed links. */
export function noticeRenderer(job: Pick<SendNoticesJob, 'message' | 'links'>, secretKey: string): (recipient: NoticeRecipient) => OutgoingMail {
  const { message, links } = job;
  const ics = messageCalendar(message);
  const deps = { secretKey, publicUrl: links.publicUrl };
  return (recipient) => {
    if (recipient.template === 'attendee-reminder') {
      const cancelUrl = cancelLink(deps, recipient.registrationId, new Date(message.end));
      return attendeeReminderMail({ name: recipient.name, email: recipient.to }, message, ics, cancelUrl);
    }
    const mailto = links.unsubscribeMailto ? { mailto: links.unsubscribeMailto } : {};
    return noticeMail(recipient.to, message, ics, { ...manageUrls(deps, recipient.subscriberId), ...mailto });
  };
}

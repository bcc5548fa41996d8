import { html, markupOf } from '../http/html.js';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import { heading, toHtml, toText } from '../mail/templates/announcement.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { composeMail, wordsIn } from '../mail/templates/common.js';
import { describeEventTime, type EventForMail } from '../events/event-view.js';
import type { TicketForMail } from './ticket-for-mail.js';

type Person = { name: string; email: string };

/** A mail about an event to one person, in the event's language: greeting, body, the event's time and place, then what they can do. */
function eventMail(to: Person, event: EventForMail, subject: string, body: string[], after: string[]): OutgoingMail {
  const say = wordsIn(event.language);
  const details = [say('mailWhen', { when: describeEventTime(event) }), say('mailWhere', { place: event.place })];
  return composeMail(to.email, event.language, subject, [say('mailHello', { name: to.name }), '', ...body, ...details, ...(after.length ? ['', ...after] : [])]);
}

/** The ticket's lines in the text, and its QR shown inline (`cid:`) in an HTML part that repeats the text. */
function withTicket(mail: OutgoingMail, language: EventForMail['language'], ticket: TicketForMail | undefined): OutgoingMail {
  if (!ticket) return mail;
  const say = wordsIn(language);
  const lines = mail.text.split('\n');
  const signature = lines.lastIndexOf('');
  const text = [...lines.slice(0, signature), '', say('mailTicket', { url: ticket.url }), say('mailTicketCode', { code: ticket.code }), ...lines.slice(signature)];
  const page = html`<div style="font-family:sans-serif;line-height:1.5">${text.slice(0, signature).map((line) => (line ? html`<p style="margin:0">${line}</p>` : html`<br>`))}
<p><a href="${ticket.url}"><img src="cid:ticket-qr" alt="${say('ticketQrAlt')}" width="240" height="240"></a><br><strong lang="zxx" style="font-size:1.3em;letter-spacing:.2em">${ticket.code}</strong></p>
${text.slice(signature).map((line) => (line ? html`<p style="margin:0">${line}</p>` : html`<br>`))}</div>`;
  return {
    ...mail,
    text: text.join('\n'),
    html: markupOf(page),
    attachments: [...(mail.attachments ?? []), { filename: 'ticket.png', cid: 'ticket-qr', qr: ticket.qr, scale: 6 }],
  };
}

/**
 * Confirms a registration (a seat, or a place on the waitlist) with the event's page and the
 * personal cancel link; a seat also comes with the event as a calendar file and its ticket.
 */
export function registrationMail(to: Person, event: EventForMail, status: 'confirmed' | 'waitlisted', cancelUrl: string, links: { eventUrl: string; ics: string; ticket?: TicketForMail }): OutgoingMail {
  const say = wordsIn(event.language);
  const seat = status === 'confirmed';
  const title = event.title;
  const mail = eventMail(to, event, say(seat ? 'mailRegisteredSubject' : 'mailWaitlistedSubject', { title }), [say(seat ? 'mailRegisteredBody' : 'mailWaitlistedBody', { title })], [
    say('mailEventPage', { url: links.eventUrl }),
    ...(seat ? [say('mailCalendarAttached')] : []),
    say(seat ? 'mailFreeSeat' : 'mailFreePlace', { url: cancelUrl }),
  ]);
  return seat ? withTicket({ ...mail, attachments: [{ filename: 'event.ics', content: links.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] }, event.language, links.ticket) : mail;
}

/**
 * A seat held for someone (a new registration, or a waitlisted person moving up) at an event that
 * asks people to confirm: the seat is theirs once they open the link, before the hold lapses.
 */
export function heldSeatMail(to: Person, event: EventForMail, links: { confirm: string; cancel: string }, holdMinutes: number, promoted: boolean): OutgoingMail {
  const say = wordsIn(event.language);
  const title = event.title;
  return eventMail(
    to,
    event,
    say('mailHeldSubject', { title }),
    [say(promoted ? 'mailHeldPromoted' : 'mailHeld', { title }), say('mailHeldConfirm', { n: holdMinutes, url: links.confirm })],
    [say('mailHeldNotYou', { url: links.cancel })],
  );
}

/**
 * Someone registered an address that already has a registration for the event: its owner is told
 * where they stand (the API answered as for a new registration, so nobody else learns it).
 */
export function alreadyRegisteredMail(to: Person, event: EventForMail, standing: { status: 'held' | 'confirmed' | 'waitlisted' | 'checked_in'; position: number | null }, cancelUrl: string): OutgoingMail {
  const say = wordsIn(event.language);
  const where = say(`mailStanding_${standing.status}`, { position: standing.position ?? '?' });
  return eventMail(to, event, say('mailAlreadySubject', { title: event.title }), [say('mailAlreadyBody', { title: event.title, standing: where })], [say('mailCantCome', { url: cancelUrl })]);
}

/** Tells a waitlisted person a seat freed up and is now theirs. */
export function promotedMail(to: Person, event: EventForMail, cancelUrl: string, ticket?: TicketForMail): OutgoingMail {
  const say = wordsIn(event.language);
  return withTicket(eventMail(to, event, say('mailPromotedSubject', { title: event.title }), [say('mailPromotedBody', { title: event.title })], [say('mailCantComeAfterAll', { url: cancelUrl })]), event.language, ticket);
}

/** Tells a registered person the event is cancelled. */
export function eventCancelledMail(to: Person, event: EventForMail): OutgoingMail {
  const say = wordsIn(event.language);
  return eventMail(to, event, say('mailCancelledSubject', { title: event.title }), [say('mailCancelledBody', { title: event.title })], []);
}

/** An invitation to a guest or speaker, with accept and decline links. */
export function invitationMail(to: Person, event: EventForMail, role: 'guest' | 'speaker', links: { accept: string; decline: string }): OutgoingMail {
  const say = wordsIn(event.language);
  return eventMail(to, event, say('mailInvitationSubject', { title: event.title }), [say(role === 'speaker' ? 'mailInvitedSpeaker' : 'mailInvitedGuest', { title: event.title })], [
    say('mailAccept', { url: links.accept }),
    say('mailDeclineInvitation', { url: links.decline }),
  ]);
}

/** The reminder to a registered attendee, with the event as .ics and their cancel link. */
export function attendeeReminderMail(to: Person, message: AnnouncementMessage, ics: string, cancelUrl: string): OutgoingMail {
  const say = wordsIn(message.language);
  return {
    ...composeMail(to.email, message.language, heading(message), [say('mailHello', { name: to.name }), '', toText(message), '', say('mailReminderFreeSeat', { url: cancelUrl })]),
    html: markupOf(toHtml(message)),
    attachments: [{ filename: `event-${message.eventId}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

/** After the event: the one-page survey (rating, recommend, comment), answerable for FEEDBACK_DAYS. */
export function feedbackMail(to: Person, event: EventForMail, surveyUrl: string): OutgoingMail {
  const say = wordsIn(event.language);
  return composeMail(to.email, event.language, say('mailFeedbackSubject', { title: event.title }), [
    say('mailHello', { name: to.name }),
    '',
    say('mailFeedbackBody', { title: event.title }),
    '',
    say('mailFeedbackLink', { url: surveyUrl }),
  ]);
}

import { markupOf } from '../../http/html.js';
import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import { heading, toHtml, toText } from './announcement.js';
import type { OutgoingMail } from '../mailer.js';
import { composeMail, wordsIn } from './common.js';
import { describeEventTime, type EventForMail } from '../../events/event-view.js';

type Person = { name: string; email: string };

/** A mail about an event to one person, in the event's language: greeting, body, the event's time and place, then what they can do. */
function eventMail(to: Person, event: EventForMail, subject: string, body: string[], after: string[]): OutgoingMail {
  const say = wordsIn(event.language);
  const details = [say('mailWhen', { when: describeEventTime(event) }), say('mailWhere', { place: event.place })];
  return composeMail(to.email, event.language, subject, [say('mailHello', { name: to.name }), '', ...body, ...details, ...(after.length ? ['', ...after] : [])]);
}

/**
 * Confirms a registration (a seat, or a place on the waitlist) with the event's page and the
 * personal cancel link; a seat also comes with the event as a calendar file.
 */
export function registrationMail(to: Person, event: EventForMail, status: 'confirmed' | 'waitlisted', cancelUrl: string, links: { eventUrl: string; ics: string }): OutgoingMail {
  const say = wordsIn(event.language);
  const seat = status === 'confirmed';
  const title = event.title;
  const mail = eventMail(to, event, say(seat ? 'mailRegisteredSubject' : 'mailWaitlistedSubject', { title }), [say(seat ? 'mailRegisteredBody' : 'mailWaitlistedBody', { title })], [
    say('mailEventPage', { url: links.eventUrl }),
    ...(seat ? [say('mailCalendarAttached')] : []),
    say(seat ? 'mailFreeSeat' : 'mailFreePlace', { url: cancelUrl }),
  ]);
  return seat ? { ...mail, attachments: [{ filename: 'event.ics', content: links.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] } : mail;
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
export function promotedMail(to: Person, event: EventForMail, cancelUrl: string): OutgoingMail {
  const say = wordsIn(event.language);
  return eventMail(to, event, say('mailPromotedSubject', { title: event.title }), [say('mailPromotedBody', { title: event.title })], [say('mailCantComeAfterAll', { url: cancelUrl })]);
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

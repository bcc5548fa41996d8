import { markupOf } from '../../http/html.js';
import type { Language } from '../../db/schema.js';
import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import { heading, toHtml, toText } from './announcement.js';
import type { OutgoingMail } from '../mailer.js';
import { composeMail } from './common.js';
import { describeEventTime, type EventForMail } from '../../events/event-view.js';

function details(event: EventForMail): Record<Language, string[]> {
  const when = describeEventTime(event);
  return { en: [`When: ${when}`, `Where: ${event.place}`], 'zh-CN': [`时间：${when}`, `地点：${event.place}`] };
}

/** Confirms a registration (a seat, or a place on the waitlist) with the personal cancel link. */
export function registrationMail(to: { name: string; email: string }, event: EventForMail, status: 'confirmed' | 'waitlisted', cancelUrl: string): OutgoingMail {
  const lang = event.language;
  const seat = status === 'confirmed';
  const d = details(event);
  return composeMail(
    to.email,
    lang,
    {
      en: `${seat ? 'You are registered' : 'You are on the waitlist'}: ${event.title}`,
      'zh-CN': `${seat ? '报名成功' : '已加入候补名单'}：${event.title}`,
    },
    {
      en: [
        `Hello ${to.name},`,
        '',
        seat ? `You have a seat at ${event.title}.` : `${event.title} is full, so you are on the waitlist. If a seat frees up, it is yours and we will tell you.`,
        ...d.en,
        '',
        `Can't come? Free your ${seat ? 'seat' : 'place'}: ${cancelUrl}`,
      ],
      'zh-CN': [
        `${to.name}，您好：`,
        '',
        seat ? `您已成功报名${event.title}。` : `${event.title}名额已满，您已进入候补名单；有空位时将自动为您保留并通知您。`,
        ...d['zh-CN'],
        '',
        `无法参加？请取消报名：${cancelUrl}`,
      ],
    },
  );
}

/**
 * A seat held for someone (a new registration, or a waitlisted person moving up) at an event that
 * asks people to confirm: the seat is theirs once they open the link, before the hold lapses.
 */
export function heldSeatMail(to: { name: string; email: string }, event: EventForMail, links: { confirm: string; cancel: string }, holdMinutes: number, promoted: boolean): OutgoingMail {
  const d = details(event);
  return composeMail(
    to.email,
    event.language,
    { en: `Confirm your seat: ${event.title}`, 'zh-CN': `请确认报名：${event.title}` },
    {
      en: [
        `Hello ${to.name},`,
        '',
        promoted ? `A seat at ${event.title} freed up and is held for you.` : `A seat at ${event.title} is held for you.`,
        `Open this link within ${holdMinutes} minutes to keep it; otherwise it goes to the next person: ${links.confirm}`,
        ...d.en,
        '',
        `Not you, or can't come? ${links.cancel}`,
      ],
      'zh-CN': [
        `${to.name}，您好：`,
        '',
        promoted ? `${event.title}有名额空出，已为您保留。` : `已为您保留${event.title}的名额。`,
        `请在 ${holdMinutes} 分钟内打开以下链接确认，否则名额将让给下一位：${links.confirm}`,
        ...d['zh-CN'],
        '',
        `不是您本人报名，或无法参加？${links.cancel}`,
      ],
    },
  );
}

/**
 * Someone registered an address that already has a registration for the event: its owner is told
 * where they stand (the API answered as for a new registration, so nobody else learns it).
 */
export function alreadyRegisteredMail(to: { name: string; email: string }, event: EventForMail, standing: { status: 'held' | 'confirmed' | 'waitlisted' | 'checked_in'; position: number | null }, cancelUrl: string): OutgoingMail {
  const d = details(event);
  const en = { held: 'a seat is held for you; open the link in our earlier mail to confirm it', confirmed: 'you have a seat', waitlisted: `you are number ${standing.position ?? '?'} on the waitlist`, checked_in: 'you have checked in' }[standing.status];
  const zh = { held: '已为您保留名额，请打开之前邮件中的链接确认', confirmed: '您已有名额', waitlisted: `您在候补名单第 ${standing.position ?? '?'} 位`, checked_in: '您已签到' }[standing.status];
  return composeMail(
    to.email,
    event.language,
    { en: `You are already registered: ${event.title}`, 'zh-CN': `您已报名：${event.title}` },
    {
      en: [`Hello ${to.name},`, '', `Someone (perhaps you) registered this address for ${event.title} again. Nothing changed: ${en}.`, ...d.en, '', `Can't come? ${cancelUrl}`],
      'zh-CN': [`${to.name}，您好：`, '', `有人（可能是您本人）再次用此邮箱报名${event.title}。报名状态未变：${zh}。`, ...d['zh-CN'], '', `无法参加？${cancelUrl}`],
    },
  );
}

/** Tells a waitlisted person a seat freed up and is now theirs. */
export function promotedMail(to: { name: string; email: string }, event: EventForMail, cancelUrl: string): OutgoingMail {
  const d = details(event);
  return composeMail(
    to.email,
    event.language,
    { en: `A seat freed up for you: ${event.title}`, 'zh-CN': `候补成功：${event.title}` },
    {
      en: [`Hello ${to.name},`, '', `A seat at ${event.title} freed up and it is now yours.`, ...d.en, '', `Can't come after all? ${cancelUrl}`],
      'zh-CN': [`${to.name}，您好：`, '', `${event.title}有名额空出，您已从候补转为正式报名。`, ...d['zh-CN'], '', `无法参加？${cancelUrl}`],
    },
  );
}

/** Tells a registered person the event is cancelled. */
export function eventCancelledMail(to: { name: string; email: string }, event: EventForMail): OutgoingMail {
  const d = details(event);
  return composeMail(
    to.email,
    event.language,
    { en: `Cancelled: ${event.title}`, 'zh-CN': `活动取消：${event.title}` },
    {
      en: [`Hello ${to.name},`, '', `${event.title} has been cancelled. We are sorry.`, ...d.en],
      'zh-CN': [`${to.name}，您好：`, '', `很抱歉，${event.title}已取消。`, ...d['zh-CN']],
    },
  );
}

/** An invitation to a guest or speaker, with accept and decline links. */
export function invitationMail(
  to: { name: string; email: string },
  event: EventForMail,
  role: 'guest' | 'speaker',
  links: { accept: string; decline: string },
): OutgoingMail {
  const d = details(event);
  const asWhat = { en: role === 'speaker' ? 'as a speaker' : 'as a guest', 'zh-CN': role === 'speaker' ? '担任嘉宾讲者' : '作为特邀嘉宾' };
  return composeMail(
    to.email,
    event.language,
    { en: `Invitation: ${event.title}`, 'zh-CN': `邀请函：${event.title}` },
    {
      en: [`Hello ${to.name},`, '', `You are invited to ${event.title} ${asWhat.en}.`, ...d.en, '', `Accept: ${links.accept}`, `Decline: ${links.decline}`],
      'zh-CN': [`${to.name}，您好：`, '', `诚邀您${asWhat['zh-CN']}参加${event.title}。`, ...d['zh-CN'], '', `接受：${links.accept}`, `婉拒：${links.decline}`],
    },
  );
}

/** The reminder to a registered attendee, with the event as .ics and their cancel link. */
export function attendeeReminderMail(to: { name: string; email: string }, message: AnnouncementMessage, ics: string, cancelUrl: string): OutgoingMail {
  const lang = message.language;
  const lines = {
    en: [`Hello ${to.name},`, '', toText(message), '', `Can't come after all? Free your seat: ${cancelUrl}`],
    'zh-CN': [`${to.name}，您好：`, '', toText(message), '', `无法参加？请取消报名，把名额留给候补的朋友：${cancelUrl}`],
  };
  return {
    ...composeMail(to.email, lang, { en: heading(message), 'zh-CN': heading(message) }, lines),
    html: markupOf(toHtml(message)),
    attachments: [{ filename: `event-${message.eventId}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import { heading, toHtml, toText } from './announcement.js';
import type { Language } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';
import { html, joinHtml, markupOf } from '../../http/html.js';
import { SIGNATURE } from './common.js';


export function confirmationMail(to: string, language: Language, url: string): OutgoingMail {
  if (language === 'en') {
    return {
      to,
      subject: 'Confirm your subscription to Wujiaochang founder events',
      text: ['Someone, hopefully you, asked to hear of founder events in Wujiaochang at this address.', '', `Confirm: ${url}`, '', 'If it was not you, ignore this mail; nothing will be sent.', '', SIGNATURE.en].join('\n'),
    };
  }
  return {
    to,
    subject: '请确认订阅五角场创业活动通知',
    text: ['有人（希望是您）用此邮箱订阅了五角场创业活动通知。', '', `确认订阅：${url}`, '', '如非本人操作，请忽略此邮件，我们不会再发送任何内容。', '', SIGNATURE['zh-CN']].join('\n'),
  };
}

export interface NoticeLinks {
  preferences: string;
  unsubscribe: string;
  /** Optional mailto for List-Unsubscribe. */
  mailto?: string;
}

const FOOTER = {
  en: (l: NoticeLinks) => [`Preferences: ${l.preferences}`, `Unsubscribe: ${l.unsubscribe}`],
  'zh-CN': (l: NoticeLinks) => [`订阅设置：${l.preferences}`, `退订：${l.unsubscribe}`],
};

/** RFC 8058 one-click unsubscribe headers. */
export function unsubscribeHeaders(links: NoticeLinks): Record<string, string> {
  const targets = [`<${links.unsubscribe}>`, ...(links.mailto ? [`<mailto:${links.mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * A notice of an announcement to one subscriber: plain text and HTML, the time in the event's
 * zone with its offset, the place, the registration link, the event as an .ics attachment,
 * and one-click unsubscribe headers.
 */
export function noticeMail(to: string, message: AnnouncementMessage, ics: string, links: NoticeLinks): OutgoingMail {
  const lang = message.language;
  const footer = FOOTER[lang](links);
  return {
    to,
    subject: heading(message),
    text: [toText(message), '', ...footer, '', SIGNATURE[lang]].join('\n'),
    html: markupOf(html`<h2>${heading(message)}</h2>${toHtml(message)}<hr><p style="color:#666">${joinHtml(footer, html`<br>`)}</p>`),
    headers: unsubscribeHeaders(links),
    attachments: [{ filename: `event-${message.eventId}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

/** The weekly digest: the events published since the last one, or nothing. */
export function digestMail(to: string, language: Language, messages: AnnouncementMessage[], links: NoticeLinks): OutgoingMail {
  const title = { en: `This week's founder events in Wujiaochang (${messages.length})`, 'zh-CN': `本周五角场创业活动（${messages.length} 场）` }[language];
  const items = messages.map((m) => [`• ${m.title}`, `  ${m.when}`, `  ${m.place}`, `  ${m.url}`].join('\n'));
  const footer = FOOTER[language](links);
  return {
    to,
    subject: title,
    text: [title, '', ...items, '', ...footer, '', SIGNATURE[language]].join('\n'),
    html: markupOf(html`<h2>${title}</h2><ul>${messages.map((m) => html`<li><a href="${m.url}">${m.title}</a><br>${m.when}<br>${m.place}</li>`)}</ul><hr><p style="color:#666">${joinHtml(footer, html`<br>`)}</p>`),
    headers: unsubscribeHeaders(links),
  };
}

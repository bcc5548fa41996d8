import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import { heading, toHtml, toText } from '../mail/templates/announcement.js';
import type { Language } from '../db/schema.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { html, joinHtml, markupOf } from '../http/html.js';
import { t } from '../i18n/translate.js';
import { composeMail, wordsIn } from '../mail/templates/common.js';


export function confirmationMail(to: string, language: Language, url: string): OutgoingMail {
  const say = wordsIn(language);
  return composeMail(to, language, say('mailConfirmSubject'), [say('mailConfirmAsked'), '', say('mailConfirmLink', { url }), '', say('mailConfirmIgnore')]);
}

export interface NoticeLinks {
  preferences: string;
  /** The unsubscribe page (the mail's footer). */
  unsubscribe: string;
  /** The one-click unsubscribe address for List-Unsubscribe (RFC 8058); the page's when absent. */
  oneClick?: string;
  /** Optional mailto for List-Unsubscribe. */
  mailto?: string;
}

function footer(language: Language, links: NoticeLinks): string[] {
  const say = wordsIn(language);
  return [say('mailPreferences', { url: links.preferences }), say('mailUnsubscribe', { url: links.unsubscribe })];
}

/** RFC 8058 one-click unsubscribe headers. */
export function unsubscribeHeaders(links: NoticeLinks): Record<string, string> {
  const targets = [`<${links.oneClick ?? links.unsubscribe}>`, ...(links.mailto ? [`<mailto:${links.mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * A notice of an announcement to one subscriber: plain text and HTML, the time in the event's
 * zone with its offset, the place, the registration link, the event as an .ics attachment,
 * and one-click unsubscribe headers.
 */
export function noticeMail(to: string, message: AnnouncementMessage, ics: string, links: NoticeLinks): OutgoingMail {
  const lang = message.language;
  const lines = footer(lang, links);
  return {
    to,
    subject: heading(message),
    text: [toText(message), '', ...lines, '', t(lang, 'mailSignature')].join('\n'),
    html: markupOf(html`<h2>${heading(message)}</h2>${toHtml(message)}<hr><p style="color:#666">${joinHtml(lines, html`<br>`)}</p>`),
    headers: unsubscribeHeaders(links),
    attachments: [{ filename: `event-${message.eventId}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

/** The weekly digest: the events published since the last one, or nothing. */
export function digestMail(to: string, language: Language, messages: AnnouncementMessage[], links: NoticeLinks): OutgoingMail {
  const title = t(language, 'mailDigestSubject', { n: messages.length });
  const items = messages.map((m) => [`• ${m.title}`, `  ${m.when}`, `  ${m.place}`, `  ${m.url}`].join('\n'));
  const lines = footer(language, links);
  return {
    to,
    subject: title,
    text: [title, '', ...items, '', ...lines, '', t(language, 'mailSignature')].join('\n'),
    html: markupOf(html`<h2>${title}</h2><ul>${messages.map((m) => html`<li><a href="${m.url}">${m.title}</a><br>${m.when}<br>${m.place}</li>`)}</ul><hr><p style="color:#666">${joinHtml(lines, html`<br>`)}</p>`),
    headers: unsubscribeHeaders(links),
  };
}

import type { AnnouncementMessage } from '../../announcements/announcement-types.js';
import { html, type SafeHtml } from '../../http/html.js';
import { t, type MessageKey } from '../../i18n/translate.js';

/** The labels of an announcement in its language. */
function labels(message: AnnouncementMessage) {
  const say = (key: MessageKey) => t(message.language, key);
  return { when: say('messageWhen'), where: say('messageWhere'), more: say('messageMore') };
}

/** "(was …)" after a changed time or place, in the message's language. */
function was(message: AnnouncementMessage, what: 'when' | 'place'): string {
  const before = message.was?.[what];
  return before === undefined ? '' : t(message.language, 'messageWas', { before });
}

export function heading(message: AnnouncementMessage): string {
  return `${t(message.language, `heading_${message.kind}`)}: ${message.title}`;
}

/**
 * The characters that make markup in the group robots' markdown, each as its full-width twin.
 * None of the three platforms documents a backslash escape: WeCom's markdown has headings, bold,
 * links, code, quotes, <font> and <@userid> mentions (developer.work.weixin.qq.com/document/path/91770),
 * DingTalk's adds images and lists (open.dingtalk.com/document/orgapp/custom-bot-send-message-type),
 * Feishu's card markdown adds <at>, <font> and tables (open.feishu.cn card markdown component).
 * Full-width forms read the same to a Chinese reader and make none of it.
 */
const ROBOT_MARKUP: Record<string, string> = {
  '[': '［', ']': '］', '(': '（', ')': '）', '<': '＜', '>': '＞', '*': '＊', _: '＿', '`': '｀', '#': '＃', '~': '～', '|': '｜', '\\': '＼', '-': '－', '+': '＋', '=': '＝',
};

/** Text a person typed, made inert for the robots' markdown: no markup, no links, no mentions, one line. */
export function robotText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[[\]()<>*_`#~|\\]/g, (c) => ROBOT_MARKUP[c]!);
}

/** Text of several lines a person typed (a summary), each line made inert; a line may not start a list or a rule. */
function robotParagraph(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => robotText(line).replace(/^(\s*)([-+=])/, (_m, space: string, c: string) => `${space}${ROBOT_MARKUP[c]}`))
    .join('\n');
}

/** Markdown for the group robots (WeCom, DingTalk, Feishu); what people typed is made inert (robotText). */
export function toMarkdown(message: AnnouncementMessage): string {
  const l = labels(message);
  return [
    `### ${t(message.language, `heading_${message.kind}`)}: ${robotText(message.title)}`,
    message.summary ? robotParagraph(message.summary) : '',
    `**${l.when}**: ${message.when}${was(message, 'when')}`,
    `**${l.where}**: ${robotText(message.place)}${robotText(was(message, 'place'))}`,
    `[${l.more}](${encodeURI(message.url).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function toText(message: AnnouncementMessage): string {
  const l = labels(message);
  return [heading(message), '', message.summary ?? '', `${l.when}: ${message.when}${was(message, 'when')}`, `${l.where}: ${message.place}${was(message, 'place')}`, `${l.more}: ${message.url}`]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** HTML for an Official Account article. */
export function toHtml(message: AnnouncementMessage): SafeHtml {
  const l = labels(message);
  return html`${message.summary ? html`<p>${message.summary}</p>` : ''}<p><strong>${l.when}</strong>: ${message.when + was(message, 'when')}</p><p><strong>${l.where}</strong>: ${message.place + was(message, 'place')}</p><p><a href="${message.url}">${l.more}</a></p>`;
}

import type { AnnouncementMessage } from '../../announcements/announcement-message.js';
import { escapeHtml } from '../../http/html.js';

const HEADINGS: Record<AnnouncementMessage['kind'], { en: string; 'zh-CN': string }> = {
  published: { en: 'New event', 'zh-CN': '活动预告' },
  updated: { en: 'Event changed', 'zh-CN': '活动变更' },
  cancelled: { en: 'Event cancelled', 'zh-CN': '活动取消' },
  reminder: { en: 'Reminder', 'zh-CN': '活动提醒' },
};

const LABELS = {
  en: { when: 'When', where: 'Where', more: 'Details and registration' },
  'zh-CN': { when: '时间', where: '地点', more: '详情与报名' },
};

export function heading(message: AnnouncementMessage): string {
  return `${HEADINGS[message.kind][message.language]}: ${message.title}`;
}

/** Markdown for the group robots (WeCom, DingTalk, Feishu). */
export function toMarkdown(message: AnnouncementMessage): string {
  const l = LABELS[message.language];
  return [
    `### ${heading(message)}`,
    message.summary ?? '',
    `**${l.when}**: ${message.when}`,
    `**${l.where}**: ${message.place}`,
    `[${l.more}](${message.url})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function toText(message: AnnouncementMessage): string {
  const l = LABELS[message.language];
  return [heading(message), '', message.summary ?? '', `${l.when}: ${message.when}`, `${l.where}: ${message.place}`, `${l.more}: ${message.url}`]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** HTML for an Official Account article. */
export function toHtml(message: AnnouncementMessage): string {
  const l = LABELS[message.language];
  return [
    message.summary ? `<p>${escapeHtml(message.summary)}</p>` : '',
    `<p><strong>${l.when}</strong>: ${escapeHtml(message.when)}</p>`,
    `<p><strong>${l.where}</strong>: ${escapeHtml(message.place)}</p>`,
    `<p><a href="${escapeHtml(message.url)}">${l.more}</a></p>`,
  ].join('');
}

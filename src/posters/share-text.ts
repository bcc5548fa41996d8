import type { Language } from '../db/schema.js';
import { t } from '../i18n/translate.js';

/**
 * A short plain-text notice for pasting into a WeChat group: groups render no markdown or HTML,
 * so it is lines of text and the link on its own line (WeChat makes a bare link tappable).
 */
export function wechatGroupText(event: { title: string; when: string; place: string; url: string; summary?: string | null }, language: Language): string {
  return [
    `【${event.title}】`,
    t(language, 'shareWhen', { when: event.when }),
    t(language, 'shareWhere', { place: event.place }),
    ...(event.summary ? [event.summary] : []),
    t(language, 'shareRegister'),
    event.url,
  ].join('\n');
}

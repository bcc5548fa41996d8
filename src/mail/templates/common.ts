import { DateTime } from 'luxon';
import type { Language } from '../../db/schema.js';
import type { OutgoingMail } from '../mailer.js';

/** The sign-off of every mail, per language. */
export const SIGNATURE = { en: '— chuanglian, Wujiaochang entrepreneurship alliance', 'zh-CN': '—— 创联 · 五角场创新创业联盟' } as const;

/** "2026-12-01 14:00–16:00 (Asia/Shanghai, UTC+08:00)": a span in its zone, with the offset. */
export function describeTimeRange(startAt: Date, endAt: Date, timezone: string): string {
  const start = DateTime.fromJSDate(startAt, { zone: timezone });
  const end = DateTime.fromJSDate(endAt, { zone: timezone });
  const endText = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : end.toFormat('yyyy-MM-dd HH:mm');
  return `${start.toFormat('yyyy-MM-dd HH:mm')}–${endText} (${timezone}, UTC${start.toFormat('ZZ')})`;
}

/** A plain-text mail in the recipient's language, signed. */
export function composeMail(to: string, lang: Language, subject: Record<Language, string>, lines: Record<Language, string[]>): OutgoingMail {
  return { to, subject: subject[lang], text: [...lines[lang], '', SIGNATURE[lang]].join('\n') };
}

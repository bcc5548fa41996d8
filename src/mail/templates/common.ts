import { DateTime } from 'luxon';
import type { Language } from '../../db/schema.js';
import { t, type MessageKey, type MessageValues } from '../../i18n/translate.js';
import type { OutgoingMail } from '../mailer.js';

/** "2026-12-01 14:00–16:00 (Asia/Shanghai, UTC+08:00)": a span in its zone, with the offset. */
export function describeTimeRange(startAt: Date, endAt: Date, timezone: string): string {
  const start = DateTime.fromJSDate(startAt, { zone: timezone });
  const end = DateTime.fromJSDate(endAt, { zone: timezone });
  const endText = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : end.toFormat('yyyy-MM-dd HH:mm');
  return `${start.toFormat('yyyy-MM-dd HH:mm')}–${endText} (${timezone}, UTC${start.toFormat('ZZ')})`;
}

/** The catalogue's words in one language, for a mail written in it. */
export function wordsIn(language: Language): (key: MessageKey, values?: MessageValues) => string {
  return (key, values) => t(language, key, values);
}

/** A plain-text mail in the recipient's language, signed. */
export function composeMail(to: string, language: Language, subject: string, lines: string[]): OutgoingMail {
  return { to, subject, text: [...lines, '', t(language, 'mailSignature')].join('\n') };
}

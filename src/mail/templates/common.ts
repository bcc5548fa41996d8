import type { Language } from '../../db/schema.js';
import { t, type MessageKey, type MessageValues } from '../../i18n/translate.js';
import type { OutgoingMail } from '../mailer.js';
import { spokenSpan } from '../../i18n/spoken.js';

/** A span as people write it, in its zone (`12月1日 周二 14:00–16:00` / `Tue 1 Dec, 14:00–16:00`; the zone named when not Shanghai). */
export function describeTimeRange(startAt: Date, endAt: Date, timezone: string, language: Language): string {
  return spokenSpan({ start: startAt.getTime(), end: endAt.getTime(), zone: timezone }, language);
}

/** The catalogue's words in one language, for a mail written in it. */
export function wordsIn(language: Language): (key: MessageKey, values?: MessageValues) => string {
  return (key, values) => t(language, key, values);
}

/** A plain-text mail in the recipient's language, signed. */
export function composeMail(to: string, language: Language, subject: string, lines: string[]): OutgoingMail {
  return { to, subject, text: [...lines, '', t(language, 'mailSignature')].join('\n') };
}

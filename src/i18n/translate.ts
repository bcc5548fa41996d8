import type { Language } from '../db/schema.js';
import { spokenSpan, type TimeSpan } from './spoken.js';
import { MESSAGES } from './messages.js';
import type { Words } from './words.js';

export type MessageKey = keyof typeof MESSAGES;
/** A value a message says: text, a number, or a span of time (said as people write dates, per language). */
export type MessageValue = string | number | TimeSpan;
export type MessageValues = Record<string, MessageValue>;

const pluralRules = new Map<Language, Intl.PluralRules>();
function pluralOf(language: Language, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(n);
}

/**
 * A message in the language with `{name}` placeholders filled (values are not escaped here: the
 * html`` template and the mail and markdown writers escape for their format). A message with plural
 * forms picks one by the value `n`.
 */
export function t(language: Language, key: MessageKey, values: MessageValues = {}): string {
  const words = (MESSAGES[key] as Words | undefined)?.[language] ?? '';
  const text = typeof words === 'string' ? words : (words[pluralOf(language, Number(values.n ?? 0))] ?? words.other);
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values[name];
    return typeof value === 'object' ? spokenSpan(value, language) : String(value ?? '');
  });
}

/** Whether a string names a message (for keys that arrive as data, such as a service's refusal). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/** A message with its `{name}` placeholders left in, for a page's script to fill (the `other` plural form). */
export function template(language: Language, key: MessageKey): string {
  const words = (MESSAGES[key] as Words | undefined)?.[language] ?? '';
  return typeof words === 'string' ? words : words.other;
}

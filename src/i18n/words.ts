import type { Language } from '../db/schema.js';

/** A message's words in each language: one text, or plural forms chosen by Intl.PluralRules. */
export type Words = Record<Language, string | PluralForms>;
/** CLDR plural categories; `other` is required (Chinese uses only `other`). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export const w = (en: string, zh: string): Words => ({ en, 'zh-CN': zh });
/** A message whose English changes with the number `{n}` (Chinese does not). */
export const plural = (en: PluralForms, zh: string): Words => ({ en, 'zh-CN': zh });

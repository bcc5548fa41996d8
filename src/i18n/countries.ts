import { createRequire } from 'node:module';
// The package's own entry registers all of its ~80 languages (0.9 MB); its index registers none.
import countries from 'i18n-iso-countries/index.js';
import type { Language } from '../db/schema.js';

// The package ships each language's names as JSON, registered once here (bundled: nothing is fetched).
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);
countries.registerLocale(require('i18n-iso-countries/langs/zh.json') as countries.LocaleData);

/** Mainland China: the one answer that does not count as international in the annual review. */
export const MAINLAND = 'CN';

/**
 * Names as the alliance writes them: the question is about mainland China and everywhere else, so
 * "CN" reads "Chinese mainland", and Hong Kong, Macao and Taiwan are named as regions of China.
 */
const OWN_NAMES: Record<string, Record<Language, string>> = {
  CN: { en: 'Chinese mainland', 'zh-CN': '中国大陆' },
  HK: { en: 'Hong Kong, China', 'zh-CN': '中国香港' },
  MO: { en: 'Macao, China', 'zh-CN': '中国澳门' },
  TW: { en: 'Taiwan, China', 'zh-CN': '中国台湾' },
};

// The package also lists XK (Kosovo), a code ISO 3166-1 has not assigned.
const CODES = Object.keys(countries.getAlpha2Codes()).filter((code) => code !== 'XK');
const packageLanguage = (language: Language) => (language === 'en' ? 'en' : 'zh');

/** Whether a code is an ISO 3166-1 alpha-2 country or region. */
export function isCountryCode(code: string): boolean {
  return CODES.includes(code);
}

/** A country's or region's name in a language (the code itself when unknown). */
export function countryName(code: string, language: Language): string {
  return OWN_NAMES[code]?.[language] ?? countries.getName(code, packageLanguage(language), { select: 'alias' }) ?? code;
}

const sorted = new Map<Language, Array<{ code: string; name: string }>>();
/** Every country and region for a form's list: the Chinese mainland first, then by name in the language. */
export function countryChoices(language: Language): Array<{ code: string; name: string }> {
  let list = sorted.get(language);
  if (!list) {
    const collator = new Intl.Collator(language);
    const others = CODES.filter((code) => code !== MAINLAND).map((code) => ({ code, name: countryName(code, language) }));
    list = [{ code: MAINLAND, name: countryName(MAINLAND, language) }, ...others.sort((a, b) => collator.compare(a.name, b.name))];
    sorted.set(language, list);
  }
  return list;
}

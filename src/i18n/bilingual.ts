import type { Bilingual, Language } from '../db/schema.js';

/** A bilingual text in one language, falling back to the other when only it is known. */
export function inLanguage(text: Bilingual, language: Language): string {
  return text[language] || text[language === 'en' ? 'zh-CN' : 'en'] || '';
}

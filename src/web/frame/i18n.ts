import type { FastifyRequest } from 'fastify';
import { LANGUAGES, type Language } from '../../db/schema.js';
import { t, type MessageKey, type MessageValues } from '../../i18n/translate.js';

/** The cookie that remembers a visitor's language once they switched. */
export const LANGUAGE_COOKIE = 'cl_lang';

/** `?lang=` (switching, remembered), then the remembered choice, then Accept-Language; Chinese by default. */
export function languageOf(request: FastifyRequest): { language: Language; switched: boolean } {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (typeof asked === 'string' && isLanguage(asked)) return { language: asked, switched: true };
  const remembered = request.cookies?.[LANGUAGE_COOKIE];
  if (remembered && isLanguage(remembered)) return { language: remembered, switched: false };
  return { language: fromAcceptLanguage(request.headers['accept-language']), switched: false };
}

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the client's languages (by q) that we speak: any zh is Chinese, any en is English. */
export function fromAcceptLanguage(header: string | undefined): Language {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/**
 * The words of a request's language, for pages outside the page routes (the signed-link pages
 * opened from mail), which have no visitor of their own.
 */
export function sayFor(request: FastifyRequest): (key: MessageKey, values?: MessageValues) => string {
  const { language } = languageOf(request);
  return (key, values = {}) => t(language, key, values);
}

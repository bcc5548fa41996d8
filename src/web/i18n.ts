import type { FastifyRequest } from 'fastify';
import { LANGUAGES, type Language } from '../db/schema.js';

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

const MESSAGES = {
  signIn: { en: 'Sign in', 'zh-CN': '登录' },
  signOut: { en: 'Sign out', 'zh-CN': '退出' },
  email: { en: 'Email', 'zh-CN': '邮箱' },
  sendLink: { en: 'Email me a sign-in link', 'zh-CN': '发送登录链接' },
  linkSent: {
    en: 'If this address belongs to a member, a sign-in link is on its way. It works once, for 15 minutes.',
    'zh-CN': '如果该邮箱属于成员，登录链接已发出。链接 15 分钟内有效，只能使用一次。',
  },
  confirmSignIn: { en: 'Continue to sign in as {name}', 'zh-CN': '以 {name} 的身份登录' },
  signedInAs: { en: 'Signed in as {name}', 'zh-CN': '已登录：{name}' },
  forbidden: { en: 'This page is not for your role.', 'zh-CN': '您的角色无权访问此页面。' },
  badForm: { en: 'This form has expired. Go back, reload the page and try again.', 'zh-CN': '表单已过期，请返回并刷新页面后重试。' },
  home: { en: 'Home', 'zh-CN': '首页' },
  language: { en: '中文', 'zh-CN': 'English' },
} satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** A message in the language, with `{name}` placeholders filled (values are not escaped here). */
export function t(language: Language, key: MessageKey, values: Record<string, string> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '');
}

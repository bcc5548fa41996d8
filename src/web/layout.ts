import type { FastifyReply } from 'fastify';
import type { Language } from '../db/schema.js';
import { escapeHtml } from '../http/html.js';
import { t } from './i18n.js';
import type { Visitor } from './web-plugin.js';

/** A hidden form field with the visitor's CSRF token; every form posted to a page carries one. */
export function csrfField(visitor: Visitor): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(visitor.csrf)}">`;
}

/**
 * The frame of every page: works without JavaScript, fits a phone (WeChat's browser too), shows
 * who is signed in, a sign-out button and the language switch. `body` is escaped HTML already.
 */
export function page(visitor: Visitor, title: string, body: string, path = '/'): string {
  const lang: Language = visitor.language;
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  const switchTo = `${path}${path.includes('?') ? '&' : '?'}lang=${other}`;
  const who = visitor.principal
    ? `<span>${escapeHtml(t(lang, 'signedInAs', { name: visitor.principal.name }))}</span>
<form method="post" action="/signout" class="inline">${csrfField(visitor)}<button>${escapeHtml(t(lang, 'signOut'))}</button></form>`
    : `<a href="/signin">${escapeHtml(t(lang, 'signIn'))}</a>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · chuanglian</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem 3rem;line-height:1.5}
header{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;padding:.75rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}
header nav{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
form.inline{display:inline}button,input,select,textarea{font-size:1rem}button{padding:.45rem 1rem;cursor:pointer}
label{display:block;margin:.6rem 0 .2rem}input[type=email],input[type=text],input[type=date],select,textarea{width:100%;max-width:28rem;padding:.4rem;box-sizing:border-box}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eee}
.muted{color:#666}.notice{background:#f3f7ff;border:1px solid #c9d8ff;padding:.6rem .8rem;border-radius:.3rem}.error{background:#fff3f3;border-color:#f3c2c2}
</style></head><body>
<header><a href="/"><strong>创联 chuanglian</strong></a><nav>${who}<a href="${escapeHtml(switchTo)}" hreflang="${other}">${escapeHtml(t(lang, 'language'))}</a></nav></header>
<main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/** Answers with a page (200 unless told otherwise). */
export function sendPage(reply: FastifyReply, visitor: Visitor, title: string, body: string, path = '/', status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page(visitor, title, body, path));
}

import crypto from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import type { Language, Role } from '../db/schema.js';
import { escapeHtml } from '../http/html.js';
import { t, type MessageKey } from './i18n.js';
import type { Visitor } from './visitor.js';

/** A hidden form field with the visitor's CSRF token; every form posted to a page carries one. */
export function csrfField(visitor: Visitor): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(visitor.csrf)}">`;
}

/** A one-button form (approve, publish, check in …) posting `fields` to `action`. */
export function postButton(visitor: Visitor, action: string, label: string, fields: Record<string, string | number> = {}, className = ''): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(action)}" class="inline">${csrfField(visitor)}${hidden}<button${className ? ` class="${className}"` : ''}>${escapeHtml(label)}</button></form>`;
}

export function notice(message: string, kind: 'info' | 'error' = 'info'): string {
  return `<p class="notice${kind === 'error' ? ' error' : ''}" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(message)}</p>`;
}

/** An instant given as ISO 8601 with its zone's offset, shown as a wall-clock time there. */
export function wallClock(iso: string, language: Language, format = 'yyyy-MM-dd HH:mm'): string {
  return DateTime.fromISO(iso, { setZone: true }).setLocale(language).toFormat(format);
}

/** "2026-12-01 14:00–16:00" (or both dates when it spans midnight), in the zone the ISO strings carry. */
export function timeRange(start: string, end: string, language: Language): string {
  const s = DateTime.fromISO(start, { setZone: true });
  const e = DateTime.fromISO(end, { setZone: true });
  return `${wallClock(start, language)}–${s.hasSame(e, 'day') ? wallClock(end, language, 'HH:mm') : wallClock(end, language)}`;
}

/** The site's one stylesheet, inline in every page (no extra request on a weak signal). */
const SITE_CSS = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem 3rem;line-height:1.5;color:#222}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}
nav{display:flex;gap:.4rem .9rem;flex-wrap:wrap;align-items:center}a{color:#0b57d0}
form.inline{display:inline}button,input,select,textarea{font-size:1rem}button{padding:.45rem 1rem;cursor:pointer;border-radius:.3rem;border:1px solid #888;background:#f6f6f6}
button.primary{background:#0b57d0;color:#fff;border-color:#0b57d0}button.danger{background:#fff;color:#b3261e;border-color:#b3261e}button.link{border:0;background:none;color:#0b57d0;padding:0}
label{display:block;margin:.6rem 0 .2rem}input:not([type=checkbox]):not([type=radio]),select,textarea{width:100%;max-width:30rem;padding:.4rem;box-sizing:border-box}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
.muted{color:#666}.notice{background:#f3f7ff;border:1px solid #c9d8ff;padding:.6rem .8rem;border-radius:.3rem}.error{background:#fff3f3;border-color:#f3c2c2}
.conflict{background:#fff6e0}.tag{display:inline-block;padding:0 .4rem;border-radius:.6rem;background:#eee;font-size:.85rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}.row>*{flex:1 1 10rem}.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0}
.scroll{overflow-x:auto}table.week th{width:8rem;white-space:nowrap}
.chart{max-width:40rem}`;

/**
 * Every page's Content-Security-Policy: no script at all, this stylesheet only (by its hash),
 * images from this site or inline data, forms posting only here, never framed by another site.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${crypto.createHash('sha256').update(SITE_CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The links each role sees at the top of every page. */
const NAV: Array<{ href: string; key: MessageKey; roles: readonly Role[] | 'anyone' }> = [
  { href: '/', key: 'navEvents', roles: 'anyone' },
  { href: '/my/bookings', key: 'navMyBookings', roles: ['organizer', 'coordinator'] },
  { href: '/my/events', key: 'navMyEvents', roles: ['organizer', 'park_manager', 'coordinator'] },
  { href: '/park/inbox', key: 'navInbox', roles: ['park_manager', 'coordinator'] },
  { href: '/park/venues', key: 'navVenues', roles: ['park_manager', 'coordinator'] },
  { href: '/office/organizations', key: 'navOrganizations', roles: ['coordinator'] },
  { href: '/office/channels', key: 'navChannels', roles: ['coordinator'] },
  { href: '/office/announcements', key: 'navAnnouncements', roles: ['coordinator'] },
  { href: '/office/report', key: 'navReport', roles: ['coordinator', 'park_manager'] },
];

function navigation(visitor: Visitor): string {
  const role = visitor.principal?.role;
  const links = NAV.filter((item) => item.roles === 'anyone' || (role && item.roles.includes(role)));
  const subscribe = visitor.principal ? '' : `<a href="/subscribe">${escapeHtml(t(visitor.language, 'navSubscribe'))}</a>`;
  return links.map((item) => `<a href="${item.href}">${escapeHtml(t(visitor.language, item.key))}</a>`).join('') + subscribe;
}

/**
 * The frame of every page: works without JavaScript, fits a phone (WeChat's browser too), shows
 * the visitor's links, who is signed in, a sign-out button and the language switch. `body` is
 * escaped HTML already.
 */
export function page(visitor: Visitor, title: string, body: string, path = '/'): string {
  const lang: Language = visitor.language;
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  const bare = path.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const switchTo = `${bare}${bare.includes('?') ? '&' : '?'}lang=${other}`;
  const who = visitor.principal
    ? `<span class="muted">${escapeHtml(t(lang, 'signedInAs', { name: visitor.principal.name }))}</span>
<form method="post" action="/signout" class="inline">${csrfField(visitor)}<button class="link">${escapeHtml(t(lang, 'signOut'))}</button></form>`
    : `<a href="/signin">${escapeHtml(t(lang, 'signIn'))}</a>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · chuanglian</title>
<style>${SITE_CSS}</style></head><body>
<header><a href="/"><strong>创联 chuanglian</strong></a><nav>${navigation(visitor)}</nav><nav>${who}<a href="${escapeHtml(switchTo)}" hreflang="${other}">${escapeHtml(t(lang, 'language'))}</a></nav></header>
<main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/** Answers with a page (200 unless told otherwise). */
export function sendPage(reply: FastifyReply, visitor: Visitor, title: string, body: string, path = reply.request.url, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(page(visitor, title, body, path));
}

/** A message in the visitor's language, as plain text. */
export function words(visitor: Visitor, key: MessageKey, values: Record<string, string | number> = {}): string {
  return t(visitor.language, key, values);
}

/** A message in the visitor's language, escaped for HTML. */
export function say(visitor: Visitor, key: MessageKey, values: Record<string, string | number> = {}): string {
  return escapeHtml(words(visitor, key, values));
}

/** `<option>`s with one selected. */
export function options(items: Array<{ value: string | number; label: string }>, selected: string | number | undefined | null): string {
  return items
    .map((item) => `<option value="${escapeHtml(item.value)}"${String(item.value) === String(selected ?? '') ? ' selected' : ''}>${escapeHtml(item.label)}</option>`)
    .join('');
}

/** A status word (pending, approved, published, checked_in …) as a small tag in the visitor's language. */
export function statusTag(visitor: Visitor, status: string): string {
  const key = `st_${status}` as MessageKey;
  return `<span class="tag st-${escapeHtml(status)}">${escapeHtml(t(visitor.language, key) || status)}</span>`;
}

import { remembered } from '../../util/remembered.js';
import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import { ROLES, type Language, type Role } from '../../db/schema.js';
import { html, markupOf, type SafeHtml } from '../../http/html.js';
import { STYLESHEET_URL } from './assets.js';
import { spokenRange } from '../../i18n/spoken.js';
import { t, type MessageKey, type MessageValues } from '../../i18n/translate.js';
import type { Visitor } from './visitor.js';

/** A hidden form field with the visitor's CSRF token; every form posted to a page carries one. */
export function csrfField(visitor: Visitor): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${visitor.csrf}">`;
}

/** A one-button form (approve, publish, check in …) posting `fields` to `action`. */
export function postButton(visitor: Visitor, action: string, label: string, fields: Record<string, string | number> = {}, className = ''): SafeHtml {
  const hidden = Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form method="post" action="${action}" class="inline">${csrfField(visitor)}${hidden}<button${className ? html` class="${className}"` : ''}>${label}</button></form>`;
}

export function notice(message: string, kind: 'info' | 'error' = 'info'): SafeHtml {
  return html`<p class="notice${kind === 'error' ? ' error' : ''}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>`;
}

/** An instant given as ISO 8601 with its zone's offset, shown as a wall-clock time there. */
export function wallClock(iso: string, language: Language, format = 'yyyy-MM-dd HH:mm'): string {
  return DateTime.fromISO(iso, { setZone: true }).setLocale(language).toFormat(format);
}

/**
 * A span as people write it, at the local time the ISO strings carry: `12月4日 周五 14:00–16:00` /
 * `Fri 4 Dec, 14:00–16:00`; `zone` is named only when it is not the alliance's own (Asia/Shanghai).
 */
export function timeRange(start: string, end: string, language: Language, zone?: string): string {
  return spokenTimeRange(start, end, language, zone);
}

/** Remembered: the same event's time is written on every page and list that shows it (luxon's zone lookups cost most of it). */
const spokenTimeRange = remembered(
  (start: string, end: string, language: Language, zone?: string) => spokenRange(DateTime.fromISO(start, { setZone: true }), DateTime.fromISO(end, { setZone: true }), language, zone),
  (start, end, language, zone) => `${start} ${end} ${language} ${zone ?? ''}`,
  5000,
);

/**
 * Every page's Content-Security-Policy: no script at all, the site's stylesheet only (by its hash),
 * images from this site or inline data, forms posting only here, never framed by another site.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
];
export const PAGE_CSP = PAGE_POLICY.join('; ');
/** A page that runs this site's own scripts (the scan page only): they may load more of this site's scripts and fetch from it. */
const SCRIPTED_PAGE_CSP = [...PAGE_POLICY, "script-src 'self'", "connect-src 'self'"].join('; ');

type Seer = Role | 'anonymous';
const EVERYONE: readonly Seer[] = ['anonymous', ...ROLES];

/**
 * The links each kind of visitor sees at the top of every page, and (`line`) the few that stand in
 * the top line on a wide screen — what that visitor comes to do; the rest are in the menu. On a
 * phone every link is in the menu.
 */
const NAV: Array<{ href: string; key: MessageKey; seen: readonly Seer[]; line: readonly Seer[] }> = [
  { href: '/', key: 'navEvents', seen: EVERYONE, line: ['anonymous', 'service_staff'] },
  { href: '/parks', key: 'navParks', seen: EVERYONE, line: ['anonymous'] },
  { href: '/alliance', key: 'navAlliance', seen: EVERYONE, line: ['anonymous'] },
  { href: '/green-channel', key: 'navGreenChannel', seen: EVERYONE, line: ['anonymous'] },
  { href: '/subscribe', key: 'navSubscribe', seen: ['anonymous'], line: ['anonymous'] },
  { href: '/venues/search', key: 'navFindVenue', seen: ['organizer', 'park_manager', 'coordinator'], line: ['organizer'] },
  { href: '/my/bookings', key: 'navMyBookings', seen: ['organizer', 'coordinator'], line: ['organizer'] },
  { href: '/my/events', key: 'navMyEvents', seen: ['organizer', 'park_manager', 'coordinator'], line: ['organizer', 'park_manager'] },
  { href: '/park/inbox', key: 'navInbox', seen: ['park_manager', 'coordinator'], line: ['park_manager'] },
  { href: '/park/venues', key: 'navVenues', seen: ['park_manager', 'coordinator'], line: ['park_manager'] },
  { href: '/office/organizations', key: 'navOrganizations', seen: ['coordinator'], line: ['coordinator'] },
  { href: '/office/profiles', key: 'navProfiles', seen: ['coordinator'], line: [] },
  { href: '/my/organization', key: 'navMyOrganization', seen: ['organizer', 'park_manager'], line: [] },
  { href: '/office/channels', key: 'navChannels', seen: ['coordinator'], line: [] },
  { href: '/office/announcements', key: 'navAnnouncements', seen: ['coordinator'], line: ['coordinator'] },
  { href: '/office/report', key: 'navReport', seen: ['coordinator', 'park_manager'], line: ['coordinator', 'park_manager'] },
  { href: '/review', key: 'navReview', seen: ['coordinator', 'organizer', 'park_manager'], line: [] },
  { href: '/office/green-channel', key: 'navGreenOffice', seen: ['coordinator'], line: [] },
  { href: '/office/privacy', key: 'navPrivacyOffice', seen: ['coordinator'], line: [] },
  { href: '/counter', key: 'navCounter', seen: ['service_staff', 'coordinator'], line: ['service_staff'] },
];

/**
 * The top of every page, one line on a phone: the name (to the events), home or sign in, the
 * language switch and a menu (<details>: no script) with every link and signing out. On a wide
 * screen the visitor's main links stand in the line and the menu holds the others.
 */
function header(visitor: Visitor, switchTo: string): SafeHtml {
  const lang = visitor.language;
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  const seer: Seer = visitor.principal?.role ?? 'anonymous';
  const mine = NAV.filter((item) => item.seen.includes(seer));
  const link = (item: (typeof NAV)[number]) => html`<a href="${item.href}">${t(lang, item.key)}</a>`;
  const inLine = mine.filter((item) => item.line.includes(seer));
  const more = mine.filter((item) => !item.line.includes(seer));
  const first = visitor.principal ? html`<a href="/home">${t(lang, 'home')}</a>` : html`<a href="/signin">${t(lang, 'signIn')}</a>`;
  const who = visitor.principal
    ? html`<p class="muted">${t(lang, 'signedInAs', { name: visitor.principal.name })}</p><form method="post" action="/signout">${csrfField(visitor)}<button class="link">${t(lang, 'signOut')}</button></form>`
    : '';
  // On a phone the menu lists every link (nav.narrow); on a wide screen those not in the line (nav.more).
  const panel = html`<nav class="narrow">${mine.map(link)}</nav>${more.length ? html`<nav class="more">${more.map(link)}</nav>` : ''}${who}`;
  return html`<header><a class="brand" href="/"><strong>创联</strong> chuanglian</a><nav class="wide">${inLine.map(link)}</nav>
<div class="bar">${first}<a href="${switchTo}" hreflang="${other}" lang="${other}">${t(lang, 'language')}</a><details class="menu${visitor.principal || more.length ? '' : ' anonymous'}"><summary>${t(lang, 'menu')}</summary><div class="menu-panel">${panel}</div></details></div></header>`;
}

/**
 * The frame of every page: works without JavaScript, fits a phone (WeChat's browser too), shows
 * the visitor's links, who is signed in, a sign-out button and the language switch. `body` is
 * escaped HTML already.
 */
/** What a page tells link previews (WeChat, other apps) when it is shared: Open Graph and the description. */
export interface PageMeta {
  description: string;
  /** The page's own address (absolute). */
  url: string;
  /** A picture for the preview (absolute): an event's poster. */
  image?: string;
}

export function page(visitor: Visitor, title: string, body: SafeHtml, path = '/', meta?: PageMeta, scripts: readonly string[] = []): SafeHtml {
  const lang: Language = visitor.language;
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  const bare = path.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const switchTo = `${bare}${bare.includes('?') ? '&' : '?'}lang=${other}`;
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · chuanglian</title>${meta ? html`
<meta name="description" content="${meta.description}"><meta property="og:type" content="website"><meta property="og:title" content="${title}"><meta property="og:description" content="${meta.description}"><meta property="og:url" content="${meta.url}"><meta property="og:site_name" content="创联 chuanglian">${meta.image ? html`<meta property="og:image" content="${meta.image}">` : ''}` : ''}
<link rel="icon" href="/favicon.ico" type="image/png"><link rel="apple-touch-icon" href="/apple-touch-icon.png"><link rel="stylesheet" href="${STYLESHEET_URL}">${scripts.map((src) => html`<script src="${src}" defer></script>`)}</head><body>
${header(visitor, switchTo)}
<main><h1>${title}</h1>
${body}
</main></body></html>`;
}

/** Answers with a page (200 unless told otherwise); `scripts` are this site's own (see assets.ts). */
export function sendPage(reply: FastifyReply, visitor: Visitor, title: string, body: SafeHtml, path = reply.request.url, status = 200, meta?: PageMeta, scripts: readonly string[] = []): FastifyReply {
  return sendMarkup(reply, markupOf(page(visitor, title, body, path, meta, scripts)), status, scripts.length > 0);
}

/** Answers with a page's markup made before (a kept page, src/web/events/kept-pages.ts). */
export function sendMarkup(reply: FastifyReply, markup: string, status = 200, scripted = false): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', scripted ? SCRIPTED_PAGE_CSP : PAGE_CSP).send(markup);
}

/** A message in the visitor's language, as plain text. */
export function words(visitor: Visitor, key: MessageKey, values: MessageValues = {}): string {
  return t(visitor.language, key, values);
}

/** A message in the visitor's language, as text for a template (which escapes it). */
export function say(visitor: Visitor, key: MessageKey, values: MessageValues = {}): string {
  return words(visitor, key, values);
}

/** `<option>`s with one selected. */
export function options(items: Array<{ value: string | number; label: string }>, selected: string | number | undefined | null): SafeHtml[] {
  return items.map((item) => html`<option value="${item.value}"${String(item.value) === String(selected ?? '') ? html` selected` : ''}>${item.label}</option>`);
}

/** The two languages, each by its own name and marked as that language (so a reader says it right). */
export function languageOptions(selected: string | undefined): SafeHtml[] {
  return LANGUAGE_NAMES.map((l) => html`<option value="${l.value}" lang="${l.value}"${l.value === selected ? html` selected` : ''}>${l.label}</option>`);
}
const LANGUAGE_NAMES: Array<{ value: Language; label: string }> = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

/** A status word (pending, approved, published, checked_in …) as a small tag in the visitor's language. */
export function statusTag(visitor: Visitor, status: string): SafeHtml {
  const key = `st_${status}` as MessageKey;
  return html`<span class="tag st-${status}">${t(visitor.language, key) || status}</span>`;
}

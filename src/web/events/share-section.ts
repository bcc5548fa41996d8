import { DateTime } from 'luxon';
import type { EventView } from '../../events/events-schemas.js';
import { html, type SafeHtml } from '../../http/html.js';
import { t } from '../../i18n/translate.js';
import { eventUrl, pictureUrls, type PictureKind } from '../../posters/event-posters.js';
import type { DbDeps } from '../../services/service-deps.js';
import { wechatGroupText } from '../../posters/share-text.js';
import { spokenRange } from '../../i18n/spoken.js';
import { say } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** The event page's sharing corner: its poster and QR code, with how to save them in WeChat. */
export function shareSection(visitor: Visitor, pictures: Record<PictureKind, string>): SafeHtml {
  const poster = pictures.poster;
  return html`<h2>${say(visitor, 'shareHeading')}</h2><div class="share">
<a href="${poster}"><img src="${poster}" alt="${say(visitor, 'posterAlt')}" width="180" height="320" loading="lazy"></a>
<img src="${pictures.qr}" alt="${say(visitor, 'eventQrAlt')}" width="160" height="160" loading="lazy"></div>
<p class="muted">${say(visitor, 'shareHint')}</p>`;
}

/**
 * On the organizer's event page: the plain-text notice for WeChat groups (in the event's
 * language) in a box to select and copy — the pages run no script, so no copy button — and the
 * poster to download.
 */
export function wechatTextSection(deps: DbDeps, visitor: Visitor, event: EventView, publicUrl: string): SafeHtml {
  const when = spokenRange(DateTime.fromISO(event.start, { setZone: true }), DateTime.fromISO(event.end, { setZone: true }), event.language, event.timezone);
  const place = event.venue ? event.venue.name : t(event.language, 'online');
  const text = wechatGroupText({ title: event.title, when, place, url: eventUrl(publicUrl, event.id), summary: event.summary }, event.language);
  return html`<h2>${say(visitor, 'shareHeading')}</h2><label for="wechat-text">${say(visitor, 'copyForWechat')}</label>
<textarea id="wechat-text" class="share-text" readonly rows="6">${text}</textarea><p class="muted">${say(visitor, 'copyForWechatHint')}</p>
<p><a href="${pictureUrls(deps, event.id).poster}" download="poster-${event.id}.png">${say(visitor, 'posterDownload')}</a></p>`;
}

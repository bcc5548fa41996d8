import { DateTime } from 'luxon';
import type { BroadcastArticle } from '../queue/catalogue.js';
import { buildMessage } from '../events/announcement-message.js';
import type { AnnouncementMessage } from '../announcements/announcement-types.js';
import type { Language } from '../db/schema.js';
import { html, markupOf, type SafeHtml } from '../http/html.js';
import { t } from '../i18n/translate.js';
import { heading, toHtml } from '../mail/templates/announcement.js';
import { eventCover } from '../posters/event-posters.js';
import { drawCover } from '../posters/poster-drawer.js';
import { COVER_SLOT, cutText, DIGEST_MAX, TITLE_MAX } from '../channels/adapters/wechat-article.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowMs } from '../time/clock.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/** A news message holds up to 8 articles (developers.weixin.qq.com/doc/subscription/en/api/draftbox/draftmanage/api_draft_add). */
export const MAX_ARTICLES = 8;


function article(title: string, digest: string, body: SafeHtml, url: string, coverPng: Buffer): BroadcastArticle {
  return { title: cutText(title, TITLE_MAX), digest: cutText(digest, DIGEST_MAX), content: `<p>${COVER_SLOT}</p>${markupOf(body)}`, url, coverPng: coverPng.toString('base64') };
}

/** A cover for an article that is not one event's: its heading on the alliance's blue, drawn off the API's thread. */
async function plainCover(title: string, language: Language): Promise<Buffer> {
  const today = DateTime.fromMillis(nowMs(), { zone: DEFAULT_TIMEZONE }).setLocale(language).toFormat(language === 'zh-CN' ? 'M月d日' : 'd MMM');
  return drawCover({ title, when: today, place: '', organizer: '', url: '', language });
}

/**
 * The articles of a day's mass-send, from the announcements gathered for it: one per new event,
 * soonest first, each with its own cover; changes and cancellations of events told before in one
 * short "changes" article; past eight, the eighth lists the rest. An event published and then
 * cancelled before the send is left out altogether.
 */
export async function broadcastArticles(deps: DbDeps & { publicUrl: string }, announcementIds: number[]): Promise<BroadcastArticle[]> {
  const messages = [...new Set(announcementIds)].map((id) => buildMessage(deps.db, id, deps.publicUrl));
  const cancelled = new Set(messages.filter((m) => m.kind === 'cancelled').map((m) => m.eventId));
  const news = messages.filter((m) => m.kind === 'published' && !cancelled.has(m.eventId)).sort((a, b) => a.start.localeCompare(b.start));
  const announcedNow = new Set(messages.filter((m) => m.kind === 'published').map((m) => m.eventId));
  const changes = messages.filter((m) => (m.kind === 'updated' || m.kind === 'cancelled') && !announcedNow.has(m.eventId));
  const language: Language = messages[0]?.language ?? 'zh-CN';

  const articles: BroadcastArticle[] = [];
  for (const m of news) {
    const cover = await eventCover(deps, m.eventId);
    articles.push(article(m.title, [m.when, m.place, m.summary].filter(Boolean).join(' · '), toHtml(m), m.url, cover));
  }
  if (articles.length > MAX_ARTICLES - (changes.length ? 1 : 0)) {
    const room = MAX_ARTICLES - 1 - (changes.length ? 1 : 0);
    const rest = news.slice(room);
    articles.splice(room);
    const title = t(language, 'broadcastMore', { n: rest.length });
    articles.push(article(title, rest.map((m) => m.title).join(' · '), listOf(rest), rest[0]!.url, await plainCover(title, language)));
  }
  if (changes.length) {
    const title = t(language, 'broadcastChanges');
    const body = html`${changes.map((m) => html`<p><strong>${heading(m)}</strong></p>${toHtml(m)}`)}`;
    articles.push(article(title, changes.map((m) => heading(m)).join(' · '), body, changes[0]!.url, await plainCover(title, language)));
  }
  return articles;
}

/** The events past the eighth article, one line each with its time and link. */
function listOf(rest: AnnouncementMessage[]): SafeHtml {
  return html`${rest.map((m) => html`<p><strong>${m.title}</strong><br>${m.when} · ${m.place}<br><a href="${m.url}">${m.url}</a></p>`)}`;
}

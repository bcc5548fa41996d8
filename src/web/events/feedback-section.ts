import type { Principal } from '../../auth/principal.js';
import { eventFeedback } from '../../feedback/feedback-service.js';
import { html, type HtmlPart } from '../../http/html.js';
import type { DbDeps } from '../../services/service-deps.js';
import { say, wallClock } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/**
 * What attendees said, on the organizer's event page once the event has ended: how many of
 * those asked answered, the mean rating, the NPS, and the comments (without names), newest first.
 */
export function feedbackSection(deps: DbDeps, visitor: Visitor, eventId: number, ended: boolean): HtmlPart {
  if (!ended) return '';
  const said = eventFeedback(deps, visitor.principal as Principal, eventId);
  const figures = said.responses
    ? html`<p>${say(visitor, 'feedbackFigures', { responses: said.responses, asked: said.asked, rating: said.meanRating ?? '–', nps: said.nps ?? '–' })}</p>`
    : html`<p class="muted">${say(visitor, said.requestedAt ? 'feedbackNone' : 'feedbackNotYet')}</p>`;
  const comments = said.comments.map((c) => html`<li><strong>${'★'.repeat(c.rating)}</strong> ${c.comment} <span class="muted">${wallClock(c.at, visitor.language, 'yyyy-MM-dd')}</span></li>`);
  return html`<h2>${say(visitor, 'feedbackHeading')}</h2>${figures}${comments.length ? html`<ul class="plain">${comments}</ul>` : ''}`;
}

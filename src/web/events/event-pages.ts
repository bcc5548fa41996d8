import { organizationNames, organizationNamesOf, ownsVenues } from '../../organizations/organizations-service.js';
import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { eventVersionsOf, getEvent } from '../../events/events-service.js';
import { listPublicEvents } from '../../events/events-listing.js';
import { ListEventsQuery, type EventView } from '../../events/events-schemas.js';
import { type SafeHtml, html, type HtmlPart, joinHtml, markupOf, withLineBreaks } from '../../http/html.js';
import { limitPublicRequest, registerLimits } from '../../http/rate-limit.js';
import { RegisterBody } from '../../registrations/registrations-schemas.js';
import { register } from '../../registrations/registrations-service.js';
import { REPORT_ZONE } from '../../reports/impact-report.js';
import { idParam, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { noticeField, noticeOf } from '../frame/privacy-notice-field.js';
import { cardTable } from '../frame/card-table.js';
import { csrfField, notice, options, page, say, sendMarkup, sendPage, timeRange, words as t } from '../frame/layout.js';
import { KeptPages } from './kept-pages.js';
import { writeStamp } from '../../db/write-stamp.js';
import { pictureUrls } from '../../posters/event-posters.js';
import { shareSection } from './share-section.js';
import { formAnswers, questionFields, type FormAnswers } from './question-fields.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { nowMs } from '../../time/clock.js';

type Query = Record<string, string | undefined>;

/** Parks and bases (where venues are) and every organization, for the filters. */
function organizationChoices(app: Parameters<FastifyPluginAsync>[0]) {
  const all = organizationNames(app.deps);
  return { parks: all.filter(ownsVenues), all };
}

function place(visitor: Visitor, event: EventView): SafeHtml {
  if (event.venue) return html`${event.venue.name}${event.venue.address ? html` <span class="muted">${event.venue.address}</span>` : ''}`;
  return html`${say(visitor, 'online')}`;
}

/** A day's window in the alliance's zone, for the date filter. */
function dayWindow(date: string): { from: string; to: string } | undefined {
  const day = DateTime.fromISO(date, { zone: REPORT_ZONE });
  if (!day.isValid) return undefined;
  return { from: day.startOf('day').toISO(), to: day.plus({ days: 1 }).startOf('day').toISO() };
}

export const eventPages: FastifyPluginAsync = async (app) => {

  app.get('/', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const window = q.date ? dayWindow(q.date) : undefined;
    const query = parseForm(ListEventsQuery, { topic: q.topic, park: q.park, organization: q.organization, cursor: q.cursor, limit: 20, ...window });
    const { items, nextCursor } = listPublicEvents(app.db, query);
    const { parks, all } = organizationChoices(app);
    const filters = html`<form method="get" action="/" class="row">
<div><label for="topic">${say(visitor, 'topic')}</label><input id="topic" name="topic" type="text" value="${q.topic ?? ''}"></div>
<div><label for="park">${say(visitor, 'park')}</label><select id="park" name="park"><option value="">${say(visitor, 'any')}</option>${options(parks.map((p) => ({ value: p.id, label: p.name })), q.park)}</select></div>
<div><label for="organization">${say(visitor, 'organization')}</label><select id="organization" name="organization"><option value="">${say(visitor, 'any')}</option>${options(all.map((p) => ({ value: p.id, label: p.name })), q.organization)}</select></div>
<div><label for="date">${say(visitor, 'date')}</label><input id="date" name="date" type="date" value="${q.date ?? ''}"></div>
<div><button>${say(visitor, 'filter')}</button></div></form>`;
    const rows = items.map((e) => ({
      cells: [html`<a href="/events/${e.id}">${e.title}</a>${e.topics.map((topic) => html` <span class="tag">${topic}</span>`)}`, timeRange(e.start, e.end, visitor.language, e.timezone), place(visitor, e), e.seatsLeft],
    }));
    const table = items.length
      ? cardTable([t(visitor, 'event'), t(visitor, 'when'), t(visitor, 'place'), t(visitor, 'seatsLeft')], rows)
      : html`<p class="muted">${say(visitor, 'noEvents')}</p>`;
    const more = nextCursor ? html`<p><a href="/?${new URLSearchParams({ ...(q as Record<string, string>), cursor: nextCursor }).toString()}">${say(visitor, 'more')}</a></p>` : '';
    return sendPage(reply, visitor, t(visitor, 'upcomingEvents'), html`${filters}${table}${more}`);
  });

  /** What a registration came to, as the page after the redirect says it (`?registered=`). */
  function registeredNotice(visitor: Visitor, query: Query): SafeHtml | undefined {
    switch (query.registered) {
      case 'confirmed':
        return notice(t(visitor, 'youHaveSeat'));
      case 'checked_in':
        return notice(t(visitor, 'youCheckedIn'));
      case 'waitlisted':
        return notice(t(visitor, 'youAreWaitlisted', { position: /^\d{1,6}$/.test(query.position ?? '') ? query.position! : '?' }));
      case 'held':
        return notice(t(visitor, 'seatHeldMailed', { minutes: Math.round(app.config.registrationHoldMs / 60_000) }));
      default:
        return undefined;
    }
  }

  /** Who runs it: the organizing organization, and its co-organizers when there are any. */
  function organizedBy(visitor: Visitor, event: EventView): string {
    const names = organizationNamesOf(app.deps, [event.organizationId, ...event.coOrganizerIds]);
    const organizer = names.get(event.organizationId) ?? '';
    const others = event.coOrganizerIds.map((id) => names.get(id)).filter((name): name is string => Boolean(name));
    return others.length ? t(visitor, 'organizedByWith', { organizer, others: others.join(t(visitor, 'listSeparator')) }) : t(visitor, 'organizedBy', { organizer });
  }

  /** A published or completed event's pictures as the page links them (one read); none for others. */
  const picturesOf = (event: EventView) => (event.status === 'published' || event.status === 'completed' ? pictureUrls(app.deps, event.id) : undefined);

  function eventPage(visitor: Visitor, event: EventView, form: { name?: string; email?: string; mobile?: string }, message: HtmlPart = '', registered?: SafeHtml, answered: FormAnswers = {}, pictures = picturesOf(event)): SafeHtml {
    const full = event.seatsLeft <= 0;
    const facts = html`<p><strong>${timeRange(event.start, event.end, visitor.language, event.timezone)}</strong> · <a href="/v1/events/${event.id}/ics" download="event-${event.id}.ics">${say(visitor, 'addToCalendar')}</a></p>
<p>${say(visitor, 'place')}: ${place(visitor, event)}${event.onlineUrl ? html` · <a href="${event.onlineUrl}" rel="noopener">${event.onlineUrl}</a>` : ''}</p>
<p>${say(visitor, 'seatsLeftOf', { left: Math.max(0, event.seatsLeft), capacity: event.capacity })}</p>
<p>${organizedBy(visitor, event)}</p>
${event.topics.length ? html`<p>${joinHtml(event.topics.map((topic) => html`<span class="tag">${topic}</span>`), ' ')}</p>` : ''}
${event.summary ? html`<p>${event.summary}</p>` : ''}${event.body ? html`<div>${withLineBreaks(event.body)}</div>` : ''}`;
    const open = event.status === 'published' && Date.parse(event.end) > nowMs();
    // After registering: the result, and no second form that would contradict it.
    const registration = registered
      ? html`<h2>${say(visitor, 'register')}</h2>${registered}<p><a href="/events/${event.id}">${say(visitor, 'registerSomeoneElse')}</a></p>`
      : open
      ? html`<h2>${say(visitor, 'register')}</h2>${message}${full ? notice(t(visitor, 'fullJoinWaitlist')) : ''}
<form method="post" action="/events/${event.id}/register">${csrfField(visitor)}
<label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" autocomplete="name" value="${form.name ?? ''}">
<label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email" value="${form.email ?? ''}">
${event.askMobile === 'off' ? '' : html`<label for="mobile">${say(visitor, 'mobile')}${event.askMobile === 'optional' ? html` <span class="muted">(${say(visitor, 'optional')})</span>` : ''}</label><input id="mobile" name="mobile" type="tel" inputmode="tel" autocomplete="tel" maxlength="30" placeholder="138 1234 5678"${event.askMobile === 'required' ? html` required` : ''} value="${form.mobile ?? ''}"><p class="muted hint">${say(visitor, 'mobileOnlyOrganizers')}</p>`}
${questionFields(visitor, event.questions, answered)}
${noticeField(visitor, app.privacyNotice, 'registration')}
<p><button class="primary">${say(visitor, full ? 'joinWaitlist' : 'register')}</button></p></form>`
      : notice(t(visitor, event.status === 'cancelled' ? 'eventCancelled' : 'registrationClosed'));
    const share = pictures ? shareSection(visitor, pictures) : '';
    return html`${facts}${registration}${share}`;
  }

  /**
   * What an event's public page for a visitor who is not signed in shows, as one key: the versions
   * of the event and its venue, its seats, whether registering is open, its pictures, its
   * organizers' names, the privacy notice and the language (each address, which carries the result
   * of registering, is kept apart); and when to look again (registering closes at the end).
   * Undefined for a signed-in visitor, a draft or an event that does not exist.
   */
  function publicPageKey(visitor: Visitor, id: number): { key: string; checkAfter: number } | undefined {
    const v = eventVersionsOf(app.deps, id);
    if (!v || v.status === 'draft' || visitor.principal) return undefined;
    const names = organizationNamesOf(app.deps, [v.organizationId, ...v.coOrganizerIds]);
    const pictures = v.status === 'published' || v.status === 'completed' ? pictureUrls(app.deps, id) : undefined;
    const open = v.status === 'published' && v.endMs > nowMs();
    const key = [id, v.eventVersion, v.venueId, v.venueVersion, v.seatsTaken, open, visitor.language, JSON.stringify(pictures ?? null), JSON.stringify([...names]), app.privacyNotice.version].join('|');
    return { key, checkAfter: open ? v.endMs : Number.POSITIVE_INFINITY };
  }
  const keptPages = new KeptPages();

  app.get('/events/:id', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    // A visitor who is not signed in gets the page kept for everything it shows (drawn once per version).
    const address = `${visitor.language}|${request.url}`;
    const stamp = visitor.principal ? '' : writeStamp(app.db);
    // Read at most once a request: by the kept page's check, or to draw and keep the page.
    let key: ReturnType<typeof publicPageKey> | null = null;
    const currentKey = () => (key === null ? (key = publicPageKey(visitor, id)) : key);
    if (!visitor.principal) {
      const kept = keptPages.get(address, stamp, nowMs(), () => currentKey()?.key, visitor);
      if (kept !== undefined) return sendMarkup(reply, kept);
    }
    const current = currentKey();
    const drawFor = current === undefined ? visitor : KeptPages.anonymous(visitor);
    const event = getEvent(app.deps, visitor.principal, id);
    // Shared in WeChat or elsewhere: the preview says when and where, and what it is about.
    const when = timeRange(event.start, event.end, drawFor.language, event.timezone);
    const where = event.venue ? event.venue.name : t(drawFor, 'online');
    const pictures = picturesOf(event);
    const meta = {
      description: [`${when} · ${where}`, event.summary].filter(Boolean).join(' — ').slice(0, 300),
      url: `${app.config.publicUrl}/events/${event.id}`,
      ...(pictures ? { image: `${app.config.publicUrl}${pictures.poster}` } : {}),
    };
    const markup = markupOf(page(drawFor, event.title, eventPage(drawFor, event, {}, '', registeredNotice(drawFor, request.query as Query), {}, pictures), request.url, meta));
    return sendMarkup(reply, current === undefined ? markup : keptPages.keep(address, { ...current, stamp }, markup, visitor));
  });

  app.post('/events/:id/register', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    const values = { name: text(form, 'name'), email: text(form, 'email'), mobile: text(form, 'mobile') };
    const questions = getEvent(app.deps, visitor.principal, id).questions;
    const answered = formAnswers(form, questions);
    try {
      const input = parseForm(RegisterBody, { ...values, answers: answered, ...noticeOf(form) });
      await limitPublicRequest(app.hourLimits, 'register', registerLimits(app.config), request.ip, input.email, 'registrations');
      const { answer: registration } = register(app.deps, id, input);
      // Post/redirect/get: the event's own address, saying how it went; refreshing or sharing it is safe.
      const result = new URLSearchParams({ registered: registration.status, ...(registration.waitlistPosition ? { position: String(registration.waitlistPosition) } : {}) });
      return reply.redirect(`/events/${id}?${result.toString()}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const event = getEvent(app.deps, visitor.principal, id);
      return sendPage(reply, visitor, event.title, eventPage(visitor, event, values, notice(refused.message, 'error'), undefined, answered), `/events/${id}`, refused.status);
    }
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { coOrganizerAnswers } from '../../events/co-organizers.js';
import { DateTime } from 'luxon';
import { webActor } from '../../audit/audit.js';
import { getBooking, listBookings } from '../../bookings/bookings-service.js';
import { listOrganizationEvents } from '../../events/events-listing.js';
import { CreateEventBody, UpdateEventBody, type EventView } from '../../events/events-schemas.js';
import { cancelEvent, createEvent, publishEvent, updateEvent } from '../../events/events-service.js';
import { ASK_MOBILE, type Question } from '../../db/schema.js';
import { organizationNames } from '../../organizations/organizations-service.js';
import { audienceOf } from '../../fan-out/event-audience.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { DEFAULT_TIMEZONE } from '../../time/instants.js';
import { idParam, list, pageNumber, parseForm, refusal, text, zonedInstant, type FormBody } from '../frame/forms.js';
import { cardTable } from '../frame/card-table.js';
import { confirmed, confirmPage } from '../frame/confirm-first.js';
import { csrfField, notice, options, postButton, say, sendPage, statusTag, timeRange, words, languageOptions } from '../frame/layout.js';
import { doneNotice, ownEvent as ownEventOf, venueChoices } from '../frame/organizer-shared.js';
import { eventLanguageOf, questionEditor, questionsFromForm } from './question-editor.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { nowDate } from '../../time/clock.js';
import { feedbackSection } from './feedback-section.js';
import { wechatTextSection } from './share-section.js';

/** An organization's events: create, edit, publish, cancel (the check-in list is in checkin-list-pages.ts). */
type Query = Record<string, string | undefined>;

export const organizerEventPages: FastifyPluginAsync = async (app) => {

  // ---- events ----
  app.get('/my/events', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const page = pageNumber(q.page);
    const { items, nextPage } = listOrganizationEvents(app.db, visitor.principal!, { page, limit: 30 });
    const rows = items.map((e) => ({ cells: [html`<a href="/my/events/${e.id}">${e.title}</a>`, timeRange(e.start, e.end, visitor.language), statusTag(visitor, e.status), `${e.capacity - e.seatsLeft}/${e.capacity}`] }));
    const body = html`${doneNotice(visitor, q)}<p><a href="/my/events/new">${say(visitor, 'newEvent')}</a></p>
${items.length ? cardTable((['event', 'when', 'status', 'seatsTaken'] as const).map((k) => words(visitor, k)), rows) : html`<p class="muted">${say(visitor, 'noMyEvents')}</p>`}
${nextPage ? html`<p><a href="/my/events?page=${nextPage}">${say(visitor, 'more')}</a></p>` : ''}`;
    return sendPage(reply, visitor, words(visitor, 'myEvents'), body);
  });

  /** The create/edit form. Times are wall-clock times in the booking's venue zone (Shanghai when online). */
  /** `answers`: for an event already named co-organizers, how each answered (asked, accepted, declined). */
  function eventForm(visitor: Visitor, action: string, values: Query, error: HtmlPart = '', questions: Question[] = [], answers: Map<number, string> = new Map()): SafeHtml {
    // A park manager's listing also holds other organizations' requests at their park; events go on one's own.
    const principal = visitor.principal!;
    const bookings = listBookings(app.deps, principal, { from: nowDate().toISOString(), limit: 200 }).items.filter(
      (b) => (principal.role === 'coordinator' || b.organizationId === principal.organizationId) && (b.status === 'approved' || b.status === 'pending' || String(b.id) === values.bookingId),
    );
    const venues = new Map(venueChoices(app).map((v) => [v.id, v.name]));
    const bookingOptions = options(bookings.map((b) => ({ value: b.id, label: `${venues.get(b.venueId) ?? ''} · ${timeRange(b.start, b.end, visitor.language)} (${words(visitor, `st_${b.status}` as never)})` })), values.bookingId);
    const input = (name: string, type = 'text', extra = '') => html`<input id="${name}" name="${name}" type="${type}" value="${values[name] ?? ''}" ${extra}>`;
    return html`${error}<form method="post" action="${action}">${csrfField(visitor)}
<label for="title">${say(visitor, 'title')}</label>${input('title', 'text', 'required maxlength="200"')}
<label for="summary">${say(visitor, 'summary')}</label>${input('summary', 'text', 'maxlength="500"')}
<label for="body">${say(visitor, 'description')}</label><textarea id="body" name="body" rows="5" maxlength="20000">${values.body ?? ''}</textarea>
<label for="topics">${say(visitor, 'topicsHint')}</label>${input('topics')}
${coOrganizerChoices(visitor, values.coOrganizerIds, answers)}
<label for="bookingId">${say(visitor, 'bookingOrOnline')}</label><select id="bookingId" name="bookingId"><option value="">${say(visitor, 'onlineEvent')}</option>${bookingOptions}</select>
<label for="onlineUrl">${say(visitor, 'onlineUrl')}</label>${input('onlineUrl', 'url')}
<div class="row"><div><label for="date">${say(visitor, 'date')}</label>${input('date', 'date')}</div>
<div><label for="startTime">${say(visitor, 'startTime')}</label>${input('startTime', 'time')}</div>
<div><label for="endTime">${say(visitor, 'endTime')}</label>${input('endTime', 'time')}</div>
<div><label for="capacity">${say(visitor, 'capacity')}</label>${input('capacity', 'number', 'min="1" required')}</div></div>
<p class="muted">${say(visitor, 'timesHint')}</p>
<label><input type="checkbox" name="confirmRegistrations" value="true"${values.confirmRegistrations === 'true' ? ' checked' : ''}> ${say(visitor, 'askToConfirm')}</label>
<label for="askMobile">${say(visitor, 'askMobileLabel')}</label><select id="askMobile" name="askMobile">${options(ASK_MOBILE.map((a) => ({ value: a, label: words(visitor, `askMobile_${a}`) })), values.askMobile || 'off')}</select>
<label for="language">${say(visitor, 'eventLanguage')}</label><select id="language" name="language">${languageOptions(values.language ?? visitor.language)}</select>
${questionEditor(visitor, questions, eventLanguageOf(values.language, visitor))}
<p><button class="primary">${say(visitor, 'save')}</button></p></form>`;
  }

  /**
   * Other member organizations to tick as co-organizers (not one's own, not the office). A ticked
   * one is asked; it is shown on the event only once one of its members accepts.
   */
  function coOrganizerChoices(visitor: Visitor, chosen: string | undefined, answers: Map<number, string>): SafeHtml {
    const note = (id: number) => {
      const answer = answers.get(id);
      return answer === 'asked' ? html` <span class="muted">(${say(visitor, 'coOrganizerAsked')})</span>` : answer === 'declined' ? html` <span class="muted">(${say(visitor, 'coOrganizerDeclined')})</span>` : '';
    };
    const ticked = new Set((chosen ?? '').split(',').filter(Boolean));
    const others = organizationNames(app.deps).filter((o) => o.id !== visitor.principal!.organizationId && o.kind !== 'coordinator');
    if (!others.length) return html``;
    return html`<details${ticked.size ? html` open` : ''}><summary>${say(visitor, 'coOrganizers')}</summary>${others.map(
      (o) => html`<label class="option"><input type="checkbox" name="coOrganizerIds" value="${o.id}"${ticked.has(String(o.id)) ? html` checked` : ''}> ${o.name}${note(o.id)}</label>`,
    )}</details>`;
  }

  const EVENT_FIELDS = ['title', 'summary', 'body', 'topics', 'bookingId', 'onlineUrl', 'date', 'startTime', 'endTime', 'capacity', 'language', 'confirmRegistrations', 'askMobile'];

  /** The form's values as the API's event fields; with a booking and no times, the booking's own. */
  function eventInput(visitor: Visitor, values: Query, questions: Question[]) {
    const booking = /^[1-9]\d{0,9}$/.test(values.bookingId ?? '') ? getBooking(app.deps, visitor.principal!, Number(values.bookingId)) : undefined;
    const zone = booking?.timezone ?? DEFAULT_TIMEZONE;
    const useBooking = booking && !values.date && !values.startTime && !values.endTime;
    return {
      title: values.title,
      summary: values.summary,
      body: values.body,
      topics: list({ topics: values.topics }, 'topics'),
      coOrganizerIds: values.coOrganizerIds ? values.coOrganizerIds.split(',') : [],
      bookingId: values.bookingId,
      onlineUrl: values.onlineUrl,
      start: useBooking ? booking.start : zonedInstant(values.date!, values.startTime!, zone, 'start'),
      end: useBooking ? booking.end : zonedInstant(values.date!, values.endTime!, zone, 'end'),
      capacity: values.capacity,
      language: values.language,
      // An unticked box sends nothing: no.
      confirmRegistrations: values.confirmRegistrations === 'true' ? 'true' : 'false',
      askMobile: values.askMobile,
      questions,
    };
  }

  const formValues = (form: FormBody): Query => ({ ...Object.fromEntries(EVENT_FIELDS.map((k) => [k, text(form, k)])), coOrganizerIds: list(form, 'coOrganizerIds').join(',') });

  app.get('/my/events/new', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    return sendPage(reply, visitor, words(visitor, 'newEvent'), eventForm(visitor, '/my/events', { bookingId: (request.query as Query).booking }));
  });

  app.post('/my/events', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const values = formValues(request.body as FormBody);
    const questions = questionsFromForm(request.body as FormBody, eventLanguageOf(values.language, visitor), []);
    try {
      const event = createEvent(app.deps, visitor.principal!, parseForm(CreateEventBody, eventInput(visitor, values, questions)), webActor(visitor.principal!));
      return reply.redirect(`/my/events/${event.id}?done=created`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'newEvent'), eventForm(visitor, '/my/events', values, notice(refused.message, 'error'), questions), '/my/events/new', refused.status);
    }
  });

  /** An event this visitor runs (their organization's, or any for a coordinator); 403 otherwise. */
  const ownEvent = (visitor: Visitor, id: number): EventView => ownEventOf(app, visitor, id);

  const answersOf = (eventId: number) => new Map(coOrganizerAnswers({ db: app.db }, eventId).map((r) => [r.organizationId, r.status]));

  function valuesOf(event: EventView): Query {
    const start = DateTime.fromISO(event.start, { setZone: true });
    return {
      title: event.title,
      summary: event.summary ?? '',
      body: event.body ?? '',
      topics: event.topics.join(', '),
      // Every organization named, whatever it answered: saving the form keeps the asks.
      coOrganizerIds: coOrganizerAnswers({ db: app.db }, event.id)
        .map((r) => r.organizationId)
        .join(','),
      bookingId: event.bookingId ? String(event.bookingId) : '',
      onlineUrl: event.onlineUrl ?? '',
      date: start.toISODate()!,
      startTime: start.toFormat('HH:mm'),
      endTime: DateTime.fromISO(event.end, { setZone: true }).toFormat('HH:mm'),
      capacity: String(event.capacity),
      language: event.language,
      confirmRegistrations: String(event.confirmRegistrations),
      askMobile: event.askMobile,
    };
  }

  app.get('/my/events/:id', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const event = ownEvent(visitor, idParam(request.params));
    const q = request.query as Query;
    const actions = [
      event.status === 'draft' ? postButton(visitor, `/my/events/${event.id}/publish`, words(visitor, 'publish'), {}, 'primary') : '',
      event.status === 'published' ? html`<a class="button primary" href="/my/events/${event.id}/scan">${say(visitor, 'scanTickets')}</a>` : '',
      event.status === 'published' || event.status === 'completed' ? html`<a href="/my/events/${event.id}/checkin">${say(visitor, 'checkInList')}</a>` : '',
      event.status === 'published' ? html`<a href="/events/${event.id}">${say(visitor, 'publicPage')}</a>` : '',
      event.status === 'published' ? html`<a href="/my/events/${event.id}/door">${say(visitor, 'doorPoster')}</a>` : '',
      html`<a href="/my/events/${event.id}/registrations.csv" download>${say(visitor, 'exportCsv')}</a>`,
      html`<a href="/my/events/${event.id}/registrations.xlsx" download>${say(visitor, 'exportXlsx')}</a>`,
    ];
    const cancel =
      event.status === 'draft' || event.status === 'published'
        ? html`<h2>${say(visitor, 'cancelEvent')}</h2><form method="post" action="/my/events/${event.id}/cancel">${csrfField(visitor)}<label for="reason">${say(visitor, 'reason')}</label><input id="reason" name="reason" type="text" maxlength="2000"><p><button class="danger">${say(visitor, 'cancelEvent')}</button></p></form>`
        : '';
    const editable = event.status === 'draft' || event.status === 'published';
    const body = html`${doneNotice(visitor, q)}<p>${statusTag(visitor, event.status)} ${timeRange(event.start, event.end, visitor.language, event.timezone)} · ${event.venue?.name ?? words(visitor, 'online')} · ${say(visitor, 'seatsLeftOf', { left: event.seatsLeft, capacity: event.capacity })}</p>
<div class="actions">${actions}</div>
${feedbackSection(app.deps, visitor, event.id, Date.parse(event.end) <= nowDate().getTime())}${event.status === 'published' ? wechatTextSection(app.deps, visitor, event, app.config.publicUrl) : ''}${editable ? html`<h2>${say(visitor, 'edit')}</h2>${eventForm(visitor, `/my/events/${event.id}`, valuesOf(event), '', event.questions, answersOf(event.id))}` : ''}${cancel}`;
    return sendPage(reply, visitor, event.title, body);
  });

  app.post('/my/events/:id', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const values = formValues(request.body as FormBody);
    const questions = questionsFromForm(request.body as FormBody, eventLanguageOf(values.language, visitor), ownEvent(visitor, id).questions);
    try {
      const input = eventInput(visitor, values, questions);
      const patch = parseForm(UpdateEventBody, {
        ...input,
        summary: input.summary || null,
        body: input.body || null,
        bookingId: input.bookingId ? input.bookingId : null,
        onlineUrl: input.onlineUrl || null,
      });
      updateEvent(app.deps, visitor.principal!, id, patch, webActor(visitor.principal!));
      return reply.redirect(`/my/events/${id}?done=saved`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const event = ownEvent(visitor, id);
      return sendPage(reply, visitor, event.title, eventForm(visitor, `/my/events/${id}`, values, notice(refused.message, 'error'), questions, answersOf(id)), `/my/events/${id}`, refused.status);
    }
  });

  /** Who an announcement of the event would reach now, in words: "120 subscribers", "3 partner channels". */
  function audienceWords(visitor: Visitor, id: number, kind: 'published' | 'cancelled') {
    const counts = audienceOf(app.db, id, kind);
    const said = { subscribers: words(visitor, 'nSubscribers', { n: counts.subscriber }), channels: words(visitor, 'nChannels', { n: counts.channel }), registrations: words(visitor, 'nRegistrations', { n: counts.registration }) };
    return { told: counts.subscriber + counts.channel + counts.registration, said };
  }

  app.post('/my/events/:id/publish', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    if (!confirmed(form)) {
      const event = ownEvent(visitor, id);
      const audience = audienceWords(visitor, id, 'published');
      return confirmPage(reply, visitor, {
        title: words(visitor, 'confirmPublishTitle', { title: event.title }),
        consequences: [words(visitor, 'confirmPublishPublic'), words(visitor, 'confirmPublishAudience', audience.said)],
        action: `/my/events/${id}/publish`,
        fields: form,
        yes: words(visitor, 'confirmPublishYes'),
        back: `/my/events/${id}`,
      });
    }
    publishEvent(app.deps, visitor.principal!, id, webActor(visitor.principal!));
    return reply.redirect(`/my/events/${id}?done=published`, 303);
  });

  app.post('/my/events/:id/cancel', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    const reason = text(form, 'reason');
    if (!confirmed(form)) {
      const event = ownEvent(visitor, id);
      const audience = audienceWords(visitor, id, 'cancelled');
      const { told } = audience;
      return confirmPage(reply, visitor, {
        title: words(visitor, 'confirmCancelTitle', { title: event.title }),
        consequences: [
          words(visitor, 'confirmCancelClosed'),
          told ? words(visitor, 'confirmCancelAudience', audience.said) : words(visitor, 'confirmCancelNobody'),
          told && reason ? words(visitor, 'confirmReasonGiven', { reason }) : '',
        ].filter(Boolean),
        action: `/my/events/${id}/cancel`,
        fields: form,
        yes: words(visitor, 'confirmCancelYes'),
        back: `/my/events/${id}`,
        danger: true,
      });
    }
    cancelEvent(app.deps, visitor.principal!, id, reason || undefined, webActor(visitor.principal!));
    return reply.redirect(`/my/events/${id}?done=cancelled`, 303);
  });
};

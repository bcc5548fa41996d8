import type { FastifyPluginAsync } from 'fastify';
import { assertRunsEvent } from '../../events/event-access.js';
import { eventWithPlace } from '../../events/events-service.js';
import { getEvent } from '../../events/events-service.js';
import { html, type HtmlPart } from '../../http/html.js';
import { limitPublicRequest, registerLimits } from '../../http/rate-limit.js';
import { selfCheckIn } from '../../tickets/check-ins.js';
import { qrPng } from '../../codes/ticket-qr.js';
import { eventDoorCode, isEventDoorCode } from '../../codes/ticket-tokens.js';
import { idParam, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, say, sendPage, timeRange, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

/**
 * Checking oneself in: the door poster an organizer prints or shows on a screen (a QR to
 * `/events/:id/here` carrying the event's door code, which the poster also shows), and that page,
 * where a registrant gives their email and the code under their ticket's QR (or uses the button
 * on their ticket, with the door code) from an hour before the start to the end.
 */
export const doorPages: FastifyPluginAsync = async (app) => {
  app.get('/my/events/:id/door', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const place = eventWithPlace(app.deps, idParam(request.params));
    assertRunsEvent(visitor.principal!, place.event);
    const event = getEvent(app.deps, visitor.principal, place.event.id);
    // The QR carries the door code, so a phone scanning it at the entrance need not type it.
    const door = eventDoorCode(app.deps.secretKey, event.id);
    const here = `${app.config.publicUrl}/events/${event.id}/here?door=${door}`;
    const body = html`<section class="ticket door"><p class="ticket-qr"><img src="data:image/png;base64,${qrPng(here, 10).toString('base64')}" alt="${say(visitor, 'ticketQrAlt')}" width="320" height="320"></p>
<p><strong>${say(visitor, 'doorScan')}</strong></p><p class="ticket-code"><strong lang="zxx" translate="no">${words(visitor, 'eventDoorCodeShown', { code: door })}</strong></p>
<p>${timeRange(event.start, event.end, visitor.language, event.timezone)}${event.venue ? ` · ${event.venue.name}` : ''}</p><p class="muted">${app.config.publicUrl}/events/${event.id}/here</p></section>`;
    return sendPage(reply, visitor, words(visitor, 'doorTitle', { title: event.title }), body);
  });

  /** `door`: the door code, when the poster's QR brought it (then it rides along unseen). */
  function herePage(visitor: Visitor, eventId: number, message: HtmlPart = '', email = '', door = '') {
    const event = getEvent(app.deps, visitor.principal, eventId);
    const fromPoster = isEventDoorCode(app.deps.secretKey, eventId, door);
    const doorField = fromPoster
      ? html`<input type="hidden" name="door" value="${door}">`
      : html`<label for="door">${say(visitor, 'eventDoorCodeLabel')}</label><input id="door" name="door" required maxlength="12" autocapitalize="characters" autocomplete="off" lang="zxx" value="${door}">`;
    const body = html`${message}<p>${timeRange(event.start, event.end, visitor.language, event.timezone)}</p><p class="muted">${say(visitor, 'hereHint')}</p>
<form method="post" action="/events/${event.id}/here">${csrfField(visitor)}${doorField}
<label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email" value="${email}">
<label for="code">${say(visitor, 'doorCodeLabel')}</label><input id="code" name="code" required maxlength="6" autocapitalize="characters" autocomplete="off" lang="zxx">
<p><button class="primary">${say(visitor, 'checkMeIn')}</button></p></form>`;
    return { title: words(visitor, 'hereTitle', { title: event.title }), body };
  }

  app.get('/events/:id/here', pageRoute('public'), async (request, reply) => {
    const { title, body } = herePage(request.visitor, idParam(request.params), '', '', text(request.query as FormBody, 'door').slice(0, 12));
    return sendPage(reply, request.visitor, title, body);
  });

  app.post('/events/:id/here', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    const email = text(form, 'email');
    const door = text(form, 'door');
    try {
      await limitPublicRequest(app.hourLimits, 'here', registerLimits(app.config), request.ip, email || request.ip, 'check-ins');
      const done = selfCheckIn(app.deps, id, door, { email, code: text(form, 'code') });
      const { title } = herePage(visitor, id);
      return sendPage(reply, visitor, title, notice(words(visitor, done.alreadyCheckedIn ? 'checkedInBefore' : 'checkedInNow', { name: done.name })));
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = herePage(visitor, id, notice(refused.message, 'error'), email, door.slice(0, 12));
      return sendPage(reply, visitor, title, body, `/events/${id}/here`, refused.status);
    }
  });
};

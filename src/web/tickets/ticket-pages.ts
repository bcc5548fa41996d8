import type { FastifyPluginAsync } from 'fastify';
import { describeEventTime, eventForMail } from '../../events/event-view.js';
import { html } from '../../http/html.js';
import { qrPng } from '../../codes/ticket-qr.js';
import { doorCode, readTicket, ticketUrl } from '../../codes/ticket-tokens.js';
import { csrfField, notice, say, sendPage, statusTag, words } from '../frame/layout.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import type { Visitor } from '../frame/visitor.js';
import { selfCheckIn, ticketHolder } from '../../tickets/check-ins.js';
import { pageRoute } from '../frame/page-route.js';

/**
 * A registration's ticket (`/tickets/:token`, the address its QR code holds): the QR to show at
 * the door, the code under it for checking in by hand, the event's time in its venue's zone, the
 * place, the name and the status. Public — the unguessable token is the key — and printable.
 */
/** “Check me in” at the door: with the event's door code from the poster, so it cannot be done from home. */
function checkMeInForm(visitor: Visitor, token: string) {
  return html`<form method="post" action="/tickets/${token}/checkin">${csrfField(visitor)}<label for="door">${say(visitor, 'eventDoorCodeLabel')}</label><input id="door" name="door" required maxlength="12" autocapitalize="characters" autocomplete="off" lang="zxx">
<p><button class="primary">${say(visitor, 'checkMeIn')}</button></p></form>`;
}

export const ticketPages: FastifyPluginAsync = async (app) => {
  app.get('/tickets/:token', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const token = String((request.params as { token?: string }).token ?? '');
    const id = readTicket(app.deps.secretKey, token);
    const { registration: row, place, canCheckIn } = ticketHolder(app.deps, id);
    const event = eventForMail(place);
    const url = ticketUrl(app.deps, id);
    const qr = `data:image/png;base64,${qrPng(url, 8).toString('base64')}`;
    const checkedIn = (request.query as { done?: string }).done === 'checkedin' ? notice(words(visitor, 'checkedInNow', { name: row.name })) : '';
    const body = html`${checkedIn}<section class="ticket"><p>${statusTag(visitor, row.status)}</p>
${canCheckIn ? checkMeInForm(visitor, token) : ''}
<p class="ticket-qr"><img src="${qr}" alt="${say(visitor, 'ticketQrAlt')}" width="280" height="280"></p>
<p class="ticket-code"><strong lang="zxx" translate="no">${doorCode(app.deps.secretKey, id)}</strong></p>
<p>${say(visitor, 'ticketShow')}</p>
<dl class="figures"><dt>${say(visitor, 'ticketFor')}</dt><dd>${row.name}</dd><dt>${say(visitor, 'when')}</dt><dd>${describeEventTime({ ...event, language: visitor.language })}</dd><dt>${say(visitor, 'place')}</dt><dd>${event.place}</dd></dl>
<p class="muted">${say(visitor, 'ticketPrint')}</p><p><a href="/events/${place.event.id}">${place.event.title}</a></p></section>`;
    return sendPage(reply, visitor, words(visitor, 'ticketTitle', { title: place.event.title }), body);
  });

  /** The ticket's holder at the door (the poster's QR led them to their ticket): checks them in. */
  app.post('/tickets/:token/checkin', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const token = String((request.params as { token?: string }).token ?? '');
    const id = readTicket(app.deps.secretKey, token);
    const { registration } = ticketHolder(app.deps, id);
    try {
      selfCheckIn(app.deps, registration.eventId, text(request.body as FormBody, 'door'), { ticket: token });
      return reply.redirect(`/tickets/${token}?done=checkedin`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'checkMeIn'), html`${notice(refused.message, 'error')}<p><a href="/tickets/${token}">${say(visitor, 'ticketShow')}</a></p>`, `/tickets/${token}`, refused.status);
    }
  });
};

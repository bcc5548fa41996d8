import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { registrations } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';
import { describeEventTime, eventForMail } from '../events/event-view.js';
import { findEventWithPlace } from '../events/events-dal.js';
import { html } from '../http/html.js';
import { qrPng } from '../tickets/ticket-qr.js';
import { doorCode, readTicket, ticketUrl } from '../tickets/ticket-tokens.js';
import { say, sendPage, statusTag, words } from './layout.js';
import { pageRoute } from './signin-routes.js';

/**
 * A registration's ticket (`/tickets/:token`, the address its QR code holds): the QR to show at
 * the door, the code under it for checking in by hand, the event's time in its venue's zone, the
 * place, the name and the status. Public — the unguessable token is the key — and printable.
 */
export const ticketPages: FastifyPluginAsync = async (app) => {
  app.get('/tickets/:token', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = readTicket(app.deps.secretKey, String((request.params as { token?: string }).token ?? ''));
    const row = app.db.select().from(registrations).where(eq(registrations.id, id)).get();
    if (!row) throw new NotFoundError('Ticket', id);
    const place = findEventWithPlace(app.db, row.eventId);
    const event = eventForMail(place);
    const url = ticketUrl(app.deps, id);
    const qr = `data:image/png;base64,${qrPng(url, 8).toString('base64')}`;
    const body = html`<section class="ticket"><p>${statusTag(visitor, row.status)}</p>
<p class="ticket-qr"><img src="${qr}" alt="${say(visitor, 'ticketQrAlt')}" width="280" height="280"></p>
<p class="ticket-code"><strong lang="zxx" translate="no">${doorCode(app.deps.secretKey, id)}</strong></p>
<p>${say(visitor, 'ticketShow')}</p>
<dl class="figures"><dt>${say(visitor, 'ticketFor')}</dt><dd>${row.name}</dd><dt>${say(visitor, 'when')}</dt><dd>${describeEventTime({ ...event, language: visitor.language })}</dd><dt>${say(visitor, 'place')}</dt><dd>${event.place}</dd></dl>
<p class="muted">${say(visitor, 'ticketPrint')}</p><p><a href="/events/${place.event.id}">${place.event.title}</a></p></section>`;
    return sendPage(reply, visitor, words(visitor, 'ticketTitle', { title: place.event.title }), body);
  });
};

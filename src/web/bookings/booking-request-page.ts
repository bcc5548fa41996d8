import type { FastifyPluginAsync } from 'fastify';
import { webActor } from '../../audit/audit.js';
import { alternativesFor } from '../../bookings/booking-alternatives.js';
import { approvalConflict } from '../../bookings/booking-decisions.js';
import { withdrawGroup } from '../../bookings/booking-groups.js';
import { bookingRow } from '../../bookings/bookings-service.js';
import { getBooking, listBookings, requestBooking } from '../../bookings/bookings-service.js';
import type { Role } from '../../db/schema.js';
import { ForbiddenError } from '../../errors/http-errors.js';
import { html, type SafeHtml } from '../../http/html.js';
import { findVenue } from '../../venues/venues-service.js';
import { idParam, refusal, text, type FormBody } from '../frame/forms.js';
import { notice, postButton, say, sendPage, statusTag, timeRange, words } from '../frame/layout.js';
import { alternativeItem, doneNotice } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const REQUESTERS: readonly Role[] = ['organizer', 'coordinator'];

/**
 * One venue request as its organizer sees it: where and when, what was decided, the other
 * requests of its group, and — after a decline, an expiry or when an approved booking now stands
 * in its way — the best venues free for the same slot, each asked with one click.
 */
export const bookingRequestPage: FastifyPluginAsync = async (app) => {
  function requestPage(visitor: Visitor, id: number, error?: string): { title: string; body: SafeHtml } {
    const principal = visitor.principal!;
    const booking = getBooking(app.deps, principal, id);
    const row = bookingRow(app.deps, id);
    const venue = findVenue(app.deps, booking.venueId);
    const lang = visitor.language;
    const group = booking.groupId ? listBookings(app.deps, principal, { groupId: booking.groupId, limit: 10 }).items : [];
    const names = (venueId: number) => findVenue(app.deps, venueId).name;
    const groupPart = group.length
      ? html`<h2>${say(visitor, 'groupOfRequests')}</h2><ul class="plain">${group.map((b) => html`<li><a href="/my/bookings/${b.id}">${names(b.venueId)}</a> ${statusTag(visitor, b.status)}</li>`)}</ul>${
          group.some((b) => b.status === 'pending') ? postButton(visitor, `/my/bookings/groups/${booking.groupId}/withdraw`, words(visitor, 'withdrawGroup'), {}, 'danger') : ''
        }`
      : '';
    const placed = group.some((b) => b.status === 'approved');
    const blocked = booking.status === 'pending' && approvalConflict(app.deps, venue, row) !== null;
    const wantsAnother = !placed && (booking.status === 'declined' || booking.status === 'expired' || blocked);
    const mine = principal.organizationId === booking.organizationId;
    let instead: SafeHtml | string = '';
    if (wantsAnother) {
      const alternatives = alternativesFor(app.db, row);
      instead = html`<h2>${say(visitor, 'alternativesTitle')}</h2>${
        alternatives.length
          ? html`<ul class="plain">${alternatives.map((a) =>
              alternativeItem(visitor, a, mine ? postButton(visitor, `/my/bookings/${booking.id}/instead`, words(visitor, 'requestInstead'), { venueId: a.venueId }, 'primary') : ''),
            )}</ul>`
          : html`<p class="muted">${say(visitor, 'noAlternatives')}</p>`
      }`;
    }
    const body = html`${error ? notice(error, 'error') : ''}<p>${statusTag(visitor, booking.status)} ${timeRange(booking.start, booking.end, lang, booking.timezone)}</p>
<dl class="figures"><dt>${say(visitor, 'venue')}</dt><dd>${venue.name}</dd><dt>${say(visitor, 'attendance')}</dt><dd>${booking.expectedAttendance}</dd><dt>${say(visitor, 'purpose')}</dt><dd>${booking.purpose}</dd>${
      booking.decisionNote ? html`<dt>${say(visitor, 'reason')}</dt><dd>${booking.decisionNote}</dd>` : ''
    }</dl>${groupPart}${instead}<p><a href="/my/bookings">${say(visitor, 'navMyBookings')}</a></p>`;
    return { title: words(visitor, 'requestPage'), body };
  }

  app.get('/my/bookings/:id', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const { title, body } = requestPage(visitor, idParam(request.params));
    return sendPage(reply, visitor, title, html`${doneNotice(visitor, request.query as Record<string, string>)}${body}`);
  });

  /** The same slot, people and purpose, asked of another venue. */
  app.post('/my/bookings/:id/instead', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const principal = visitor.principal!;
    const id = idParam(request.params);
    const booking = getBooking(app.deps, principal, id);
    if (booking.organizationId !== principal.organizationId) throw new ForbiddenError('Only the requesting organization asks again.').say('errCancelNotYours');
    try {
      const venueId = Number(text(request.body as FormBody, 'venueId')) || 0;
      const created = requestBooking(app.deps, principal, { venueId, start: booking.start, end: booking.end, expectedAttendance: booking.expectedAttendance, purpose: booking.purpose }, webActor(principal));
      return reply.redirect(`/my/bookings/${created.id}?done=requested`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = requestPage(visitor, id, refused.message);
      return sendPage(reply, visitor, title, body, `/my/bookings/${id}`, refused.status);
    }
  });

  app.post('/my/bookings/groups/:groupId/withdraw', pageRoute({ roles: REQUESTERS }), async (request, reply) => {
    const { visitor } = request;
    const groupId = String((request.params as { groupId?: string }).groupId ?? '').slice(0, 64);
    try {
      const { items } = withdrawGroup(app.deps, visitor.principal!, groupId, words(visitor, 'withdrawnByOrganizer'), webActor(visitor.principal!));
      return reply.redirect(`/my/bookings/${items[0]!.id}?done=withdrawn`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'requestPage'), notice(refused.message, 'error'), '/my/bookings', refused.status);
    }
  });
};

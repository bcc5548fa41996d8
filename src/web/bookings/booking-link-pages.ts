import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalForLink } from '../../auth/principal.js';
import { assertUnused, useLink } from '../../auth/used-links.js';
import type { Actor } from '../../audit/audit.js';
import { bookingsByIds } from '../../bookings/bookings-service.js';
import { BadRequestError } from '../../errors/http-errors.js';
import { html, wantsHtml } from '../../http/html.js';
import { languageOf, sayFor } from '../frame/i18n.js';
import { problems } from '../../http/schemas.js';
import { findVenue } from '../../venues/venues-service.js';
import { approveBooking, declineBooking, decideSeries } from '../../bookings/booking-decisions.js';
import { readBookingLink, type BookingLinkPayload } from '../../bookings/booking-links.js';
import { describeTimeRange } from '../../mail/templates/common.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) });
const LinkBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

/**
 * One-click decisions from the mail a park manager receives. GET only shows what the link
 * will do; the POST from that page acts, once, as the manager the link was issued to.
 * Registered as a page at the address mails carry now (`asPage`: /booking-links/…, where the
 * POST redirects to the link's page showing what was decided) and under /v1 for mails sent before.
 */
export const bookingLinkPages: FastifyPluginAsyncTypebox<{ asPage?: boolean }> = async (app, options) => {
  const asPage = options.asPage === true;
  const config: FastifyContextConfig = asPage ? { access: 'public', html: true, page: 'public', signedLink: true } : { access: 'public', html: true };
  const hide = asPage ? { hide: true } : {};

  app.get('/booking-links/:token', {
    config,
    schema: { tags: ['bookings'], summary: 'Confirmation page of a signed approve/decline link (never acts)', params: TokenParams, response: problems(400, 410), ...hide },
    handler: async (request, reply) => {
      const link = readBookingLink(app.secretKey, request.params.token);
      if (asPage && (request.query as { done?: string }).done) return decidedPage(request, reply, link);
      assertUnused(app.db, link.n);
      principalForLink(app.db, link.m);
      const rows = bookingsByIds(app.deps, link.v.map(([id]) => id));
      const venue = findVenue(app.deps, rows[0]!.venueId);
      const say = sayFor(request);
      const { language } = languageOf(request);
      const approve = link.a === 'approve';
      const list = rows
        .map((b) => html`<li>${describeTimeRange(b.startAt, b.endAt, venue.timezone, language)} · ${say(`st_${b.status}`)}</li>`);
      const reason = approve ? '' : html`<p><label>${say('reason')}<br><textarea name="reason" required maxlength="2000"></textarea></label></p>`;
      const intro = rows.length > 1 ? say(approve ? 'linkApproveSeries' : 'linkDeclineSeries', { n: rows.length, venue: venue.name }) : say(approve ? 'linkApproveOne' : 'linkDeclineOne', { venue: venue.name });
      // Decided already (in the inbox, by another manager, or expired): say so instead of offering a button that would be refused.
      const open = rows.some((b) => b.status === 'pending');
      const action = open
        ? html`<form method="post">${reason}<button type="submit" class="${approve ? 'primary' : 'danger'}">${say(approve ? 'approve' : 'decline')}</button></form>`
        : html`<p class="notice" role="status">${say('linkNothingPending')}</p>`;
      const body = html`<p>${intro}</p>
<ul>${list}</ul><p>${rows[0]!.purpose} · ${say('people', { n: rows[0]!.expectedAttendance })}</p>${action}`;
      return app.sitePage(reply, say(approve ? 'linkApproveTitle' : 'linkDeclineTitle'), body);
    },
  });

  /** After the redirect: the requests the link named, as they stand now. */
  function decidedPage(request: FastifyRequest, reply: FastifyReply, link: BookingLinkPayload) {
    const rows = bookingsByIds(app.deps, link.v.map(([id]) => id));
    const venue = findVenue(app.deps, rows[0]!.venueId);
    const say = sayFor(request);
    const list = rows.map((b) => html`<li>${describeTimeRange(b.startAt, b.endAt, venue.timezone, languageOf(request).language)} · ${say(`st_${b.status}`)}</li>`);
    return app.sitePage(reply, say('linkDone'), html`<p class="notice" role="status">${say(link.a === 'approve' ? 'linkDecidedApprove' : 'linkDecidedDecline', { venue: venue.name })}</p><ul>${list}</ul><p class="muted">${say('organizerTold')}</p>`);
  }

  app.post('/booking-links/:token', {
    config,
    schema: {
      ...hide,
      tags: ['bookings'],
      summary: 'Act on a signed approve/decline link (once; bound to the request version)',
      params: TokenParams,
      body: Type.Optional(LinkBody),
      response: problems(400, 403, 404, 409, 410),
    },
    handler: async (request, reply) => {
      const link: BookingLinkPayload = readBookingLink(app.secretKey, request.params.token);
      const reason = request.body?.reason?.trim();
      if (link.a === 'decline' && !reason) throw new BadRequestError('Say why you decline: reason is required.', 'reason').say('errFieldRequired', { field: 'reason' });
      const principal = principalForLink(app.db, link.m);
      const actor: Actor = { memberId: principal.memberId, via: 'email-link' };

      const result = app.db.transaction(
        (tx) => {
          // Consumed in the same transaction as the decision: a refused decision leaves the link usable.
          useLink(tx, link.n);
          if (link.s) return decideSeries({ db: tx, publicUrl: app.config.publicUrl }, principal, link.s, link.a, { note: reason, versions: new Map(link.v) }, actor);
          const [id, version] = link.v[0]!;
          const decided = link.a === 'approve' ? approveBooking({ db: tx, publicUrl: app.config.publicUrl }, principal, id, { version }, actor) : declineBooking({ db: tx, publicUrl: app.config.publicUrl }, principal, id, { version, reason: reason! }, actor);
          return { [link.a === 'approve' ? 'approved' : 'declined']: [decided], conflicts: [] };
        },
        { behavior: 'immediate' },
      );

      if (!wantsHtml(request.headers.accept)) return result;
      if (asPage) return reply.redirect(`/booking-links/${request.params.token}?done=1`, 303);
      const done = [...(result.approved ?? []), ...(result.declined ?? [])];
      const conflicts = result.conflicts ?? [];
      const say = sayFor(request);
      const ids = done.map((b) => `#${b.id}`).join(', ') || '—';
      const body = html`<p class="notice">${say(link.a === 'approve' ? 'linkApproved' : 'linkDeclined', { ids })}</p>${
        conflicts.length ? html`<p>${say('linkLeftPending')}</p><ul>${conflicts.map((c) => html`<li>${c.reason}</li>`)}</ul>` : ''
      }<p class="muted">${say('organizerTold')}</p>`;
      return app.sitePage(reply, say('linkDone'), body);
    },
  });
};

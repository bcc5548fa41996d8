import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { html, wantsHtml } from '../../http/html.js';
import { languageOf, sayFor } from '../frame/i18n.js';
import { problems } from '../../http/schemas.js';
import type { MessageKey } from '../../i18n/translate.js';
import { answerInvitation, readInvitationLink } from '../../registrations/invitations-service.js';
import { InvitationSchema } from '../../registrations/invitations-routes.js';
import { publicAnswer } from '../../registrations/public-answer.js';
import { readCancelLink } from '../../registrations/registration-links.js';
import { PublicRegistrationSchema, RegistrationTokenParams } from '../../registrations/registrations-schemas.js';
import { cancelRegistration, confirmHeldSeat, eventOfRegistration, heldRegistration } from '../../registrations/registrations-service.js';
import { timeRange } from '../frame/layout.js';
import { PreferencesSchema, TokenQuery } from '../../subscribers/subscribers-schemas.js';
import { confirm, confirmationPreview, preferences, unsubscribe } from '../../subscribers/subscribers-service.js';

/** What a link's page says once its button acted (`?done=<key>` after the redirect). */
const DONE = {
  cancelled: ['cancelled', 'registrationCancelled'],
  confirmed: ['confirmSeatTitle', 'seatConfirmed'],
  registered: ['thankYou', 'invitationRegistered'],
  waitlisted: ['thankYou', 'invitationWaitlisted'],
  noted: ['thankYou', 'invitationNoted'],
  subscribed: ['subscribed', 'subscribedBody'],
  unsubscribed: ['sub_unsubscribed', 'doneUnsubscribed'],
} as const satisfies Record<string, readonly [MessageKey, MessageKey]>;
type Done = keyof typeof DONE;

const PageTokenQuery = Type.Object({ token: TokenQuery.properties.token, done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });

/**
 * The pages behind the personal links in mails (registrations, invitations, subscriptions).
 * Opening a link only shows what it would do and a button (mail scanners follow links); the
 * button's POST acts. Registered twice: as pages at the addresses mails carry now (`asPage`:
 * /registrations/…, /invitations/…, /subscribers/…), where a button's POST answers with a
 * redirect to the link's page showing the result (post/redirect/get: refreshing or sharing it
 * is safe); and under /v1, where mails sent before still point, answering an API client (no
 * text/html in Accept) with JSON. The signed token in the address is the form's key, so these
 * forms carry no CSRF field.
 */
export const personalLinkPages: FastifyPluginAsyncTypebox<{ asPage?: boolean }> = async (app, options) => {
  const asPage = options.asPage === true;
  const config: FastifyContextConfig = asPage ? { access: 'public', html: true, page: 'public', signedLink: true } : { access: 'public', html: true };
  const hide = asPage ? { hide: true } : {};
  const query = asPage ? PageTokenQuery : TokenQuery;

  /** The done page of a link, when its address says `?done=` (after the redirect). */
  const donePage = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}): FastifyReply | undefined => {
    const done = (request.query as { done?: string }).done;
    if (!asPage || !done || !Object.hasOwn(DONE, done)) return undefined;
    const say = sayFor(request);
    const [title, message] = DONE[done as Done];
    return app.sitePage(reply, say(title), html`<p class="notice" role="status">${say(message, values)}</p><p><a href="/">${say('navEvents')}</a></p>`);
  };

  /**
   * After a button acted: a person gets the link's page showing the result (a redirect to it on
   * the page addresses), an API client the JSON answer.
   */
  const acted = <T>(request: FastifyRequest, reply: FastifyReply, answer: T, done: Done, values: Record<string, string> = {}): T => {
    if (!wantsHtml(request.headers.accept)) return answer;
    if (asPage) {
      const url = new URL(request.url, 'http://page');
      url.searchParams.set('done', done);
      return reply.redirect(`${url.pathname}${url.search}`, 303) as never;
    }
    const [title, message] = DONE[done];
    const say = sayFor(request);
    return app.sitePage(reply, say(title), html`<p class="notice">${say(message, values)}</p>`) as never;
  };

  app.get('/registrations/:token/cancel', {
    config,
    schema: { tags: ['registrations'], summary: 'Confirmation page of a personal cancel link (never acts)', params: RegistrationTokenParams, response: problems(400, 410), ...hide },
    handler: async (request, reply) => {
      const registrationId = readCancelLink(app.secretKey, request.params.token);
      const shown = donePage(request, reply);
      if (shown) return shown;
      const say = sayFor(request);
      // The page names the event and its time, so nobody cancels the wrong one.
      const event = eventOfRegistration(app.deps, registrationId);
      const what = event ? html`<p><strong>${event.title}</strong><br>${timeRange(event.start, event.end, languageOf(request).language, event.timezone)}</p>` : '';
      return app.sitePage(reply, say('cancelRegistration'), html`${what}<p>${say('cancelRegistrationQuestion')}</p><form method="post"><button type="submit" class="danger">${say('cancelRegistration')}</button></form>`);
    },
  });
  app.post('/registrations/:token/cancel', {
    config,
    schema: {
      tags: ['registrations'],
      summary: 'Cancel through the personal link; the seat goes to the first waitlisted person',
      params: RegistrationTokenParams,
      response: { 200: PublicRegistrationSchema, ...problems(400, 404, 409, 410) },
      ...hide,
    },
    handler: async (request, reply) => acted(request, reply, publicAnswer(cancelRegistration(app.deps, request.params.token)), 'cancelled'),
  });
  // Mail scanners follow links: opening the confirm link only shows a button; its POST confirms.
  app.get('/registrations/:token/confirm', {
    config,
    schema: { tags: ['registrations'], summary: 'Page of a held seat’s confirm link (never acts)', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) }, ...hide },
    handler: async (request, reply) => {
      const registration = heldRegistration(app.deps, request.params.token);
      const shown = wantsHtml(request.headers.accept) && donePage(request, reply);
      if (shown) return shown;
      if (!wantsHtml(request.headers.accept)) return publicAnswer(registration);
      const say = sayFor(request);
      const body = registration.status === 'held' ? html`<p>${say('confirmSeatQuestion', { name: registration.name })}</p><form method="post"><button type="submit" class="primary">${say('confirmSeat')}</button></form>` : html`<p class="notice">${say('seatConfirmed')}</p>`;
      return app.sitePage(reply, say('confirmSeatTitle'), body) as never;
    },
  });
  app.post('/registrations/:token/confirm', {
    config,
    schema: { tags: ['registrations'], summary: 'Confirm a held seat through the mailed link', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) }, ...hide },
    handler: async (request, reply) => acted(request, reply, publicAnswer(confirmHeldSeat(app.deps, request.params.token)), 'confirmed'),
  });

  app.get('/invitations/:token', {
    config,
    schema: { tags: ['registrations'], summary: 'Confirmation page of an invitation link (never acts)', params: RegistrationTokenParams, response: problems(400, 404, 410), ...hide },
    handler: async (request, reply) => {
      const { invitation, reply: answer } = readInvitationLink(app.deps, request.params.token);
      const shown = donePage(request, reply);
      if (shown) return shown;
      const say = sayFor(request);
      const accept = answer === 'accept';
      const question = say(accept ? 'invitationAcceptQuestion' : 'invitationDeclineQuestion', { name: invitation.name });
      return app.sitePage(reply, say('invitation'), html`<p>${question}</p><form method="post"><button type="submit" class="${accept ? 'primary' : 'danger'}">${say(accept ? 'acceptInvitation' : 'declineInvitation')}</button></form>`);
    },
  });
  app.post('/invitations/:token', {
    config,
    schema: {
      tags: ['registrations'],
      summary: 'Answer an invitation through its signed link, once',
      params: RegistrationTokenParams,
      response: {
        200: Type.Object({ invitation: InvitationSchema, registration: Type.Union([Type.Object({ id: Type.Integer(), status: Type.String() }, { additionalProperties: true }), Type.Null()]) }),
        ...problems(400, 404, 409, 410),
      },
      ...hide,
    },
    handler: async (request, reply) => {
      const result = answerInvitation(app.deps, request.params.token);
      return acted(request, reply, result, result.registration ? (result.registration.status === 'confirmed' ? 'registered' : 'waitlisted') : 'noted');
    },
  });

  // Mail scanners follow links: opening the link only shows what it would confirm, and a button.
  app.get('/subscribers/confirm', {
    config,
    schema: { tags: ['subscribers'], summary: 'Confirmation page of the mailed link (never acts); POST confirms', querystring: query, response: { 200: PreferencesSchema, ...problems(400, 404, 410) }, ...hide },
    handler: async (request, reply) => {
      const preview = confirmationPreview(app.deps, request.query.token);
      const shown = wantsHtml(request.headers.accept) && donePage(request, reply, { email: preview.email });
      if (shown) return shown;
      const say = sayFor(request);
      if (wantsHtml(request.headers.accept)) {
        return app.sitePage(reply, say('confirmSubscriptionTitle'), html`<p>${say('confirmSubscriptionQuestion', { email: preview.email })}</p><form method="post"><button type="submit" class="primary">${say('confirmSubscription')}</button></form>`) as never;
      }
      return preview;
    },
  });
  app.post('/subscribers/confirm', {
    config,
    schema: { tags: ['subscribers'], summary: 'Confirm a subscription (the button of the mailed link’s page)', querystring: query, response: { 200: PreferencesSchema, ...problems(400, 404, 410) }, ...hide },
    handler: async (request, reply) => {
      const result = confirm(app.deps, request.query.token);
      return acted(request, reply, result, 'subscribed', { email: result.email });
    },
  });
  app.get('/subscribers/unsubscribe', {
    config,
    schema: { tags: ['subscribers'], summary: 'Confirmation page for unsubscribing (never acts)', querystring: query, response: problems(400, 410), ...hide },
    handler: async (request, reply) => {
      preferences(app.deps, request.query.token);
      const shown = donePage(request, reply);
      if (shown) return shown;
      const say = sayFor(request);
      return app.sitePage(reply, say('unsubscribe'), html`<p>${say('unsubscribeQuestion')}</p><form method="post"><button type="submit" class="danger">${say('unsubscribe')}</button></form>`);
    },
  });
  app.post('/subscribers/unsubscribe', {
    config,
    schema: { tags: ['subscribers'], summary: 'One-click unsubscribe (RFC 8058); idempotent', querystring: query, response: { 200: PreferencesSchema, ...problems(400, 404, 410) }, ...hide },
    handler: async (request, reply) => acted(request, reply, unsubscribe(app.deps, request.query.token), 'unsubscribed'),
  });
};

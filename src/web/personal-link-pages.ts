import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { html, wantsHtml } from '../http/html.js';
import { sayFor } from './i18n.js';
import { problems } from '../http/schemas.js';
import { answerInvitation, readInvitationLink } from '../registrations/invitations-service.js';
import { InvitationSchema } from '../registrations/invitations-routes.js';
import { publicAnswer } from '../registrations/public-answer.js';
import { readCancelLink } from '../registrations/registration-links.js';
import { PublicRegistrationSchema, RegistrationTokenParams } from '../registrations/registrations-schemas.js';
import { cancelRegistration, confirmHeldSeat, heldRegistration } from '../registrations/registrations-service.js';
import { PreferencesSchema, TokenQuery } from '../subscribers/subscribers-schemas.js';
import { confirm, confirmationPreview, preferences, unsubscribe } from '../subscribers/subscribers-service.js';

/**
 * The pages behind the personal links in mails (registrations, invitations, subscriptions).
 * Opening a link only shows what it would do and a button (mail scanners follow links); the
 * button's POST acts. They keep their /v1 addresses, which mails already sent carry, and answer
 * an API client (no text/html in Accept) with JSON.
 */
export const personalLinkPages: FastifyPluginAsyncTypebox = async (app) => {

  /**
   * The answer after a personal link's button acted: a person who pressed it on the link's page
   * gets a page back (title and notice message keys), an API client the registration.
   */
  const linkDone = (request: FastifyRequest, reply: FastifyReply, registration: Parameters<typeof publicAnswer>[0], title: 'cancelled' | 'confirmSeatTitle', done: 'registrationCancelled' | 'seatConfirmed') => {
    if (!wantsHtml(request.headers.accept)) return publicAnswer(registration);
    const say = sayFor(request);
    return app.sitePage(reply, say(title), html`<p class="notice">${say(done)}</p>`) as never;
  };

  app.get('/registrations/:token/cancel', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirmation page of a personal cancel link (never acts)', params: RegistrationTokenParams, response: problems(400, 410) },
    handler: async (request, reply) => {
      readCancelLink(app.secretKey, request.params.token);
      const say = sayFor(request);
      return app.sitePage(reply, say('cancelRegistration'), html`<p>${say('cancelRegistrationQuestion')}</p><form method="post"><button type="submit" class="danger">${say('cancelRegistration')}</button></form>`);
    },
  });
  app.post('/registrations/:token/cancel', {
    config: { access: 'public', html: true },
    schema: {
      tags: ['registrations'],
      summary: 'Cancel through the personal link; the seat goes to the first waitlisted person',
      params: RegistrationTokenParams,
      response: { 200: PublicRegistrationSchema, ...problems(400, 404, 409, 410) },
    },
    handler: async (request, reply) => linkDone(request, reply, cancelRegistration(app.deps, request.params.token), 'cancelled', 'registrationCancelled'),
  });
  // Mail scanners follow links: opening the confirm link only shows a button; its POST confirms.
  app.get('/registrations/:token/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Page of a held seat’s confirm link (never acts)', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const registration = heldRegistration(app.deps, request.params.token);
      if (!wantsHtml(request.headers.accept)) return publicAnswer(registration);
      const say = sayFor(request);
      const body = registration.status === 'held' ? html`<p>${say('confirmSeatQuestion', { name: registration.name })}</p><form method="post"><button type="submit" class="primary">${say('confirmSeat')}</button></form>` : html`<p class="notice">${say('seatConfirmed')}</p>`;
      return app.sitePage(reply, say('confirmSeatTitle'), body) as never;
    },
  });
  app.post('/registrations/:token/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirm a held seat through the mailed link', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => linkDone(request, reply, confirmHeldSeat(app.deps, request.params.token), 'confirmSeatTitle', 'seatConfirmed'),
  });

  app.get('/invitations/:token', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirmation page of an invitation link (never acts)', params: RegistrationTokenParams, response: problems(400, 404, 410) },
    handler: async (request, reply) => {
      const { invitation, reply: answer } = readInvitationLink(app.deps, request.params.token);
      const say = sayFor(request);
      const accept = answer === 'accept';
      const question = say(accept ? 'invitationAcceptQuestion' : 'invitationDeclineQuestion', { name: invitation.name });
      return app.sitePage(reply, say('invitation'), html`<p>${question}</p><form method="post"><button type="submit" class="${accept ? 'primary' : 'danger'}">${say(accept ? 'acceptInvitation' : 'declineInvitation')}</button></form>`);
    },
  });
  app.post('/invitations/:token', {
    config: { access: 'public', html: true },
    schema: {
      tags: ['registrations'],
      summary: 'Answer an invitation through its signed link, once',
      params: RegistrationTokenParams,
      response: {
        200: Type.Object({ invitation: InvitationSchema, registration: Type.Union([Type.Object({ id: Type.Integer(), status: Type.String() }, { additionalProperties: true }), Type.Null()]) }),
        ...problems(400, 404, 409, 410),
      },
    },
    handler: async (request, reply) => {
      const result = answerInvitation(app.deps, request.params.token);
      if (wantsHtml(request.headers.accept)) {
        const say = sayFor(request);
        const text = say(result.registration ? (result.registration.status === 'confirmed' ? 'invitationRegistered' : 'invitationWaitlisted') : 'invitationNoted');
        return app.sitePage(reply, say('thankYou'), html`<p class="notice">${text}</p>`) as never;
      }
      return result;
    },
  });

  // Mail scanners follow links: opening the link only shows what it would confirm, and a button.
  app.get('/subscribers/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirmation page of the mailed link (never acts); POST confirms', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const preview = confirmationPreview(app.deps, request.query.token);
      const say = sayFor(request);
      if (wantsHtml(request.headers.accept)) {
        return app.sitePage(reply, say('confirmSubscriptionTitle'), html`<p>${say('confirmSubscriptionQuestion', { email: preview.email })}</p><form method="post"><button type="submit" class="primary">${say('confirmSubscription')}</button></form>`) as never;
      }
      return preview;
    },
  });
  app.post('/subscribers/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirm a subscription (the button of the mailed link’s page)', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const result = confirm(app.deps, request.query.token);
      const say = sayFor(request);
      if (wantsHtml(request.headers.accept)) return app.sitePage(reply, say('subscribed'), html`<p class="notice">${say('subscribedBody', { email: result.email })}</p>`) as never;
      return result;
    },
  });
  app.get('/subscribers/unsubscribe', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirmation page for unsubscribing (never acts)', querystring: TokenQuery, response: problems(400, 410) },
    handler: async (request, reply) => {
      preferences(app.deps, request.query.token);
      const say = sayFor(request);
      return app.sitePage(reply, say('unsubscribe'), html`<p>${say('unsubscribeQuestion')}</p><form method="post"><button type="submit" class="danger">${say('unsubscribe')}</button></form>`);
    },
  });
  app.post('/subscribers/unsubscribe', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'One-click unsubscribe (RFC 8058); idempotent', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const result = unsubscribe(app.deps, request.query.token);
      const say = sayFor(request);
      if (wantsHtml(request.headers.accept)) return app.sitePage(reply, say('sub_unsubscribed'), html`<p class="notice">${say('doneUnsubscribed')}</p>`) as never;
      return result;
    },
  });
};

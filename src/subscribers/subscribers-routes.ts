import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { wantsHtml } from '../http/html.js';
import { Page, problems } from '../http/schemas.js';
import { limitPublicRequest, subscribeLimits } from '../http/rate-limit.js';
import { ListSubscribersQuery, PreferencesBody, PreferencesSchema, SubscribeBody, SubscriberSchema, TokenQuery } from './subscribers-schemas.js';
import { confirm, confirmationPreview, listSubscribers, preferences, subscribe, unsubscribe, updatePreferences } from './subscribers-service.js';

const ACCEPTED = 'If this address can receive mail, a confirmation link is on its way. Nothing is sent until it is used.';

export const subscriberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => ({ db: app.db, secretKey: app.secretKey, publicUrl: app.config.publicUrl });

  app.post('/subscribers', {
    config: { access: 'public' },
    schema: {
      tags: ['subscribers'],
      summary: 'Subscribe to event notices by email (double opt-in)',
      description: 'The answer is the same whether or not the address is known. Limited per IP address and per email address (429 with Retry-After).',
      body: SubscribeBody,
      response: { 202: Type.Object({ message: Type.String() }), ...problems(400, 429) },
    },
    handler: async (request, reply) => {
      await limitPublicRequest(app.jobs.rateLimiter, 'subscribe', subscribeLimits(app.config), request.ip, request.body.email, 'subscribe requests');
      subscribe(deps(), request.body);
      app.outbox.kick();
      return reply.code(202).send({ message: ACCEPTED });
    },
  });

  // Mail scanners follow links: opening the link only shows what it would confirm, and a button.
  app.get('/subscribers/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirmation page of the mailed link (never acts); POST confirms', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const preview = confirmationPreview(deps(), request.query.token);
      const say = app.sayFor(request);
      if (wantsHtml(request.headers.accept)) {
        return app.sitePage(reply, say('confirmSubscriptionTitle'), `<p>${say('confirmSubscriptionQuestion', { email: preview.email })}</p><form method="post"><button type="submit" class="primary">${say('confirmSubscription')}</button></form>`) as never;
      }
      return preview;
    },
  });

  app.post('/subscribers/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirm a subscription (the button of the mailed link’s page)', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const result = confirm(deps(), request.query.token);
      const say = app.sayFor(request);
      if (wantsHtml(request.headers.accept)) return app.sitePage(reply, say('subscribed'), `<p class="notice">${say('subscribedBody', { email: result.email })}</p>`) as never;
      return result;
    },
  });

  app.get('/subscribers/preferences', {
    config: { access: 'public' },
    schema: { tags: ['subscribers'], summary: 'Your preferences, through the signed link in any notice', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request) => preferences(deps(), request.query.token),
  });

  app.put('/subscribers/preferences', {
    config: { access: 'public' },
    schema: { tags: ['subscribers'], summary: 'Change topics, parks, organizations, language, cadence or reminders', querystring: TokenQuery, body: PreferencesBody, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request) => updatePreferences(deps(), request.query.token, request.body),
  });

  app.get('/subscribers/unsubscribe', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'Confirmation page for unsubscribing (never acts)', querystring: TokenQuery, response: problems(400, 410) },
    handler: async (request, reply) => {
      preferences(deps(), request.query.token);
      const say = app.sayFor(request);
      return app.sitePage(reply, say('unsubscribe'), `<p>${say('unsubscribeQuestion')}</p><form method="post"><button type="submit" class="danger">${say('unsubscribe')}</button></form>`);
    },
  });

  app.post('/subscribers/unsubscribe', {
    config: { access: 'public', html: true },
    schema: { tags: ['subscribers'], summary: 'One-click unsubscribe (RFC 8058); idempotent', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const result = unsubscribe(deps(), request.query.token);
      const say = app.sayFor(request);
      if (wantsHtml(request.headers.accept)) return app.sitePage(reply, say('sub_unsubscribed'), `<p class="notice">${say('doneUnsubscribed')}</p>`) as never;
      return result;
    },
  });

  app.get('/subscribers', {
    config: { access: { roles: ['coordinator'] } },
    schema: { tags: ['subscribers'], summary: 'Subscribers (coordinators only)', querystring: ListSubscribersQuery, response: { 200: Page(SubscriberSchema), ...problems(400, 401, 403) } },
    handler: async (request) => listSubscribers(app.db, request.query),
  });
};

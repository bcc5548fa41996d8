import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, problems } from '../http/schemas.js';
import { limitPublicRequest, subscribeLimits } from '../http/rate-limit.js';
import { ListSubscribersQuery, PreferencesBody, PreferencesSchema, SubscribeBody, SubscriberSchema, TokenQuery } from './subscribers-schemas.js';
import { listSubscribers, preferences, subscribe, updatePreferences } from './subscribers-service.js';

const ACCEPTED = 'If this address can receive mail, a confirmation link is on its way. Nothing is sent until it is used.';

export const subscriberRoutes: FastifyPluginAsyncTypebox = async (app) => {

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
      await limitPublicRequest(app.hourLimits, 'subscribe', subscribeLimits(app.config), request.ip, request.body.email, 'subscribe requests');
      subscribe(app.deps, request.body);
      return reply.code(202).send({ message: ACCEPTED });
    },
  });

  app.get('/subscribers/preferences', {
    config: { access: 'public' },
    schema: { tags: ['subscribers'], summary: 'Your preferences, through the signed link in any notice', querystring: TokenQuery, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request) => preferences(app.deps, request.query.token),
  });

  app.put('/subscribers/preferences', {
    config: { access: 'public' },
    schema: { tags: ['subscribers'], summary: 'Change topics, parks, organizations, language, cadence or reminders', querystring: TokenQuery, body: PreferencesBody, response: { 200: PreferencesSchema, ...problems(400, 404, 410) } },
    handler: async (request) => updatePreferences(app.deps, request.query.token, request.body),
  });

  app.get('/subscribers', {
    config: { access: { roles: ['coordinator'] } },
    schema: { tags: ['subscribers'], summary: 'Subscribers (coordinators only)', querystring: ListSubscribersQuery, response: { 200: Page(SubscriberSchema), ...problems(400, 401, 403) } },
    handler: async (request) => listSubscribers(app.deps, request.query),
  });
};

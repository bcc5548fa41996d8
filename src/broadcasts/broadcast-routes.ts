import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { COORDINATORS } from '../auth/auth-plugin.js';
import { IdParams, problems } from '../http/schemas.js';
import { BroadcastSchema } from './broadcast-schemas.js';
import { flushBroadcast, nextBroadcast } from './broadcasts.js';

/** An Official Account channel's daily broadcast: what waits, and sending it now. */
export const broadcastRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/channels/:id/broadcast', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['channels'],
      summary: 'What waits for an Official Account’s next daily send, and when it goes (null when nothing waits)',
      params: IdParams,
      response: { 200: Type.Union([BroadcastSchema, Type.Null()]), ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => nextBroadcast(app.deps, request.params.id),
  });

  app.post('/channels/:id/flush', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['channels'],
      summary: 'Send an Official Account’s waiting broadcast now (an urgent change; trying the channel)',
      description: 'The day’s mass-send quota still holds: when it is used, the send moves to the next day’s time (postponed, not failed).',
      params: IdParams,
      response: { 202: BroadcastSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const flushed = flushBroadcast(app.deps, request.params.id);
      app.outbox.kick();
      return reply.code(202).send(flushed);
    },
  });
};

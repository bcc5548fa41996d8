import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { COORDINATORS } from '../auth/auth-plugin.js';
import { IdParams, problems } from '../http/schemas.js';
import { ChannelTestSchema } from './channels-schemas.js';

/** Trying a channel: a sample message sent now, and what the channel answered. */
export const channelTestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/channels/:id/test', {
    config: { access: COORDINATORS },
    schema: { tags: ['channels'], summary: 'Send a test message now and show what the channel answered', params: IdParams, response: { 200: ChannelTestSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => app.testChannel(request.params.id),
  });
};

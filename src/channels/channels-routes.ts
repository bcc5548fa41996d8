import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { COORDINATORS } from '../auth/auth-plugin.js';
import { IdParams, problems } from '../http/schemas.js';
import { ChannelSchema, CreateChannelBody, CreatedChannelSchema, UpdateChannelBody } from './channels-schemas.js';
import { createChannel, listChannels, updateChannel } from './channels-service.js';


export const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { ...app.deps, config: app.config, jobs: app.jobs };

  app.post('/channels', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['channels'],
      summary: 'Register a partner channel (email list, webhook, WeCom/DingTalk/Feishu robot, WeChat Official Account)',
      description: 'Secrets are stored encrypted and never returned; a webhook secret is generated and shown once when not given.',
      body: CreateChannelBody,
      response: { 201: CreatedChannelSchema, ...problems(400, 401, 403) },
    },
    handler: async (request, reply) => reply.code(201).send(await createChannel(deps, request.body)),
  });

  app.get('/channels', {
    config: { access: COORDINATORS },
    schema: { tags: ['channels'], summary: 'Partner channels (secrets shown only as set or not)', response: { 200: Type.Object({ items: Type.Array(ChannelSchema) }), ...problems(401, 403) } },
    handler: async () => listChannels(app.deps),
  });

  app.patch('/channels/:id', {
    config: { access: COORDINATORS },
    schema: { tags: ['channels'], summary: 'Change a channel; config fields given replace the stored ones', params: IdParams, body: UpdateChannelBody, response: { 200: ChannelSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => updateChannel(deps, request.params.id, request.body),
  });
};

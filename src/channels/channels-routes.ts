import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems } from '../http/schemas.js';
import { flushBroadcast, nextBroadcast } from './broadcasts.js';
import { BroadcastSchema, ChannelSchema, ChannelTestSchema, CreateChannelBody, CreatedChannelSchema, UpdateChannelBody } from './channels-schemas.js';
import { createChannel, listChannels, updateChannel } from './channels-service.js';

const COORDINATORS = { roles: ['coordinator'] } as const;

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

  app.post('/channels/:id/test', {
    config: { access: COORDINATORS },
    schema: { tags: ['channels'], summary: 'Send a test message now and show what the channel answered', params: IdParams, response: { 200: ChannelTestSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => app.testChannel(request.params.id),
  });
};

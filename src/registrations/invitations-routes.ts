import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { Email, IdParams, problems, SingleLine, Timestamp } from '../http/schemas.js';
import { invite, listInvitations } from './invitations-service.js';

export const InvitationSchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Type.Enum(['guest', 'speaker']),
  status: Type.Enum(['invited', 'accepted', 'declined']),
  respondedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

const InviteBody = Type.Object(
  { name: SingleLine({ minLength: 1, maxLength: 100 }), email: Email, role: Type.Optional(Type.Enum(['guest', 'speaker'])) },
  { additionalProperties: false },
);

export const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {

  app.post('/events/:id/invitations', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'Invite a guest or speaker by email (they take a seat only if they accept)',
      params: IdParams,
      body: InviteBody,
      response: { 201: InvitationSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const invitation = invite(app.deps, principalOf(request), request.params.id, request.body);
      return reply.code(201).send(invitation);
    },
  });

  app.get('/events/:id/invitations', {
    config: { access: 'member' },
    schema: { tags: ['registrations'], summary: 'Invitations of an event and their answers', params: IdParams, response: { 200: Type.Object({ items: Type.Array(InvitationSchema) }), ...problems(400, 401, 403, 404) } },
    handler: async (request) => listInvitations(app.deps, principalOf(request), request.params.id),
  });

};

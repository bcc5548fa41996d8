import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { wantsHtml } from '../http/html.js';
import { Email, IdParams, problems, SingleLine, Timestamp } from '../http/schemas.js';
import { answerInvitation, invite, listInvitations, readInvitationLink } from './invitations-service.js';
import { RegistrationTokenParams } from './registrations-schemas.js';

const InvitationSchema = Type.Object({
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
  const deps = () => ({ db: app.db, secretKey: app.secretKey, publicUrl: app.config.publicUrl });

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
      const invitation = invite(deps(), principalOf(request), request.params.id, request.body);
      app.outbox.kick();
      return reply.code(201).send(invitation);
    },
  });

  app.get('/events/:id/invitations', {
    config: { access: 'member' },
    schema: { tags: ['registrations'], summary: 'Invitations of an event and their answers', params: IdParams, response: { 200: Type.Object({ items: Type.Array(InvitationSchema) }), ...problems(400, 401, 403, 404) } },
    handler: async (request) => listInvitations(app.db, principalOf(request), request.params.id),
  });

  app.get('/invitations/:token', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirmation page of an invitation link (never acts)', params: RegistrationTokenParams, response: problems(400, 404, 410) },
    handler: async (request, reply) => {
      const { invitation, reply: answer } = readInvitationLink(app.db, app.secretKey, request.params.token);
      const say = app.sayFor(request);
      const accept = answer === 'accept';
      const question = say(accept ? 'invitationAcceptQuestion' : 'invitationDeclineQuestion', { name: invitation.name });
      return app.sitePage(reply, say('invitation'), `<p>${question}</p><form method="post"><button type="submit" class="${accept ? 'primary' : 'danger'}">${say(accept ? 'acceptInvitation' : 'declineInvitation')}</button></form>`);
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
      const result = answerInvitation(deps(), request.params.token);
      app.outbox.kick();
      if (wantsHtml(request.headers.accept)) {
        const say = app.sayFor(request);
        const text = say(result.registration ? (result.registration.status === 'confirmed' ? 'invitationRegistered' : 'invitationWaitlisted') : 'invitationNoted');
        return app.sitePage(reply, say('thankYou'), `<p class="notice">${text}</p>`) as never;
      }
      return result;
    },
  });
};

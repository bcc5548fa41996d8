import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { escapeHtml, wantsHtml } from '../http/html.js';
import { Email, IdParams, problems, Timestamp } from '../http/schemas.js';
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
  { name: Type.String({ minLength: 1, maxLength: 100 }), email: Email, role: Type.Optional(Type.Enum(['guest', 'speaker'])) },
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
      const verb = answer === 'accept' ? 'Accept / 接受' : 'Decline / 婉拒';
      return app.sitePage(reply, 'Your invitation / 邀请', `<p>${escapeHtml(invitation.name)}, ${answer} the invitation?</p><form method="post"><button type="submit">${verb}</button></form>`);
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
        const text = result.registration ? `Thank you — you are ${result.registration.status === 'confirmed' ? 'registered' : 'on the waitlist'}.` : 'Thank you for letting us know.';
        return app.sitePage(reply, 'Thank you / 谢谢', `<p>${escapeHtml(text)}</p>`) as never;
      }
      return result;
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { apiActor } from '../audit/audit.js';
import { IdParams, problems } from '../http/schemas.js';
import { CO_ORGANIZER_ANSWERS } from '../db/schema.js';
import { answerCoOrganizing, coOrganizersOf } from './co-organizers.js';

const Answer = Type.Enum(CO_ORGANIZER_ANSWERS);

/** Co-organizers by consent: who was named and how they answered; an asked organization's answer. */
export const coOrganizerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events/:id/co-organizers', {
    config: { access: 'member' },
    schema: {
      tags: ['events'],
      summary: 'The organizations named as co-organizers and their answers (asked, accepted, declined)',
      description: 'For those who run the event. Only accepted ones are shown on the event (`coOrganizerIds`) and credited in the annual review.',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ organizationId: Type.Integer(), name: Type.String(), status: Answer })) }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => coOrganizersOf(app.deps, principalOf(request), request.params.id),
  });

  for (const [path, answer] of [['accept', 'accepted'], ['decline', 'declined']] as const) {
    app.post(`/events/:id/co-organizers/${path}`, {
      config: { access: 'member' },
      schema: {
        tags: ['events'],
        summary: answer === 'accepted' ? 'Accept, for your organization, to co-organize an event it was named on' : 'Decline, for your organization, to co-organize an event it was named on',
        description: 'Any member of the organization named answers for it; an answer may change until the event is held. Not named: 404.',
        params: IdParams,
        response: { 200: Type.Object({ eventId: Type.Integer(), organizationId: Type.Integer(), status: Answer }), ...problems(400, 401, 404, 409) },
      },
      handler: async (request) => {
        const principal = principalOf(request);
        return answerCoOrganizing(app.deps, principal, request.params.id, answer, apiActor(principal));
      },
    });
  }
};

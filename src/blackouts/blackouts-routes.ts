import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PARK_MANAGERS, principalOf } from '../auth/auth-plugin.js';
import { apiActor } from '../audit/audit.js';
import { IdParams, problems, Timestamp } from '../http/schemas.js';
import { createBlackout, deleteBlackout, listBlackouts } from './blackouts-service.js';
import { CreateBlackoutBody } from '../venues/venues-schemas.js';

const BlackoutSchema = Type.Object({
  id: Type.Integer(),
  venueId: Type.Integer(),
  start: Type.String(),
  end: Type.String(),
  reason: Type.String(),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Timestamp,
});


export const blackoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/venues/:id/blackouts', {
    config: { access: PARK_MANAGERS },
    schema: {
      tags: ['venues'],
      summary: 'Make a venue unbookable for a while',
      params: IdParams,
      body: CreateBlackoutBody,
      response: {
        201: Type.Object({ ...BlackoutSchema.properties, cancelledBookings: Type.Array(Type.Integer()), cancelledEvents: Type.Array(Type.Integer(), { description: 'Events that stood on the cancelled bookings, cancelled with them (their registrants told).' }) }),
        ...problems(400, 401, 403, 404, 409),
      },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      return reply.code(201).send(createBlackout(app.deps, principal, request.params.id, request.body, apiActor(principal)));
    },
  });

  app.get('/venues/:id/blackouts', {
    config: { access: 'member' },
    schema: {
      tags: ['venues'],
      summary: 'Blackouts of a venue',
      params: IdParams,
      querystring: Type.Object(
        { from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(BlackoutSchema) }), ...problems(400, 401, 404) },
    },
    handler: async (request) => listBlackouts(app.deps, request.params.id, request.query),
  });

  app.delete('/venues/:id/blackouts/:blackoutId', {
    config: { access: PARK_MANAGERS },
    schema: {
      tags: ['venues'],
      summary: 'Remove a blackout',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), blackoutId: Type.Integer({ minimum: 1 }) }),
      response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      deleteBlackout(app.deps, principal, request.params.id, request.params.blackoutId, apiActor(principal));
      return reply.code(204).send(null);
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf, COORDINATORS } from '../auth/auth-plugin.js';
import { IdParams, problems } from '../http/schemas.js';
import { assignStaff, checkInAtCounter, dayList, markServed } from './counter.js';

const COUNTER = { roles: ['service_staff', 'coordinator'] } as const;

/** The counter of a service centre: the day's list, checking people in, marking them served; who serves where. */
export const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/service-centres/:id/reservations', {
    config: { access: COUNTER },
    schema: {
      tags: ['green channel'],
      summary: 'A day’s reservations at a centre, in time order (its counter staff, coordinators)',
      params: IdParams,
      querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ centre: Type.Object({ id: Type.Integer(), name: Type.String(), timezone: Type.String() }), date: Type.String(), items: Type.Array(Type.Object({}, { additionalProperties: true })) }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => dayList(app.deps, principalOf(request), request.params.id, request.query.date),
  });

  app.post('/service-centres/:id/checkins', {
    config: { access: COUNTER },
    schema: {
      tags: ['green channel'],
      summary: 'Check a person in: the QR from their mail as scanned, or the reservation number they say',
      params: IdParams,
      body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), number: Type.String(), name: Type.String(), status: Type.String(), alreadyCheckedIn: Type.Boolean() }), ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => checkInAtCounter(app.deps, principalOf(request), request.params.id, request.body.code),
  });

  app.post('/service-centres/:id/served', {
    config: { access: COUNTER },
    schema: {
      tags: ['green channel'],
      summary: 'Mark a reservation served (the end of the visit)',
      params: IdParams,
      body: Type.Object({ reservationId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), number: Type.String(), status: Type.String() }), ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => markServed(app.deps, principalOf(request), request.body.reservationId),
  });

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/service-centres/:id/staff/:memberId',
      config: { access: COORDINATORS },
      schema: {
        tags: ['green channel'],
        summary: method === 'PUT' ? 'Assign a member of counter staff (role service_staff) to a centre' : 'Take a member of counter staff off a centre',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), memberId: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
      handler: async (request, reply) => {
        const { id, memberId } = request.params;
        assignStaff(app.deps, id, memberId, method === 'PUT');
        return reply.code(204).send(null);
      },
    });
  }
};

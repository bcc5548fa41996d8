import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { IdParams, problems } from '../http/schemas.js';
import { attendance } from './attendance.js';
import { checkIn } from './check-ins.js';
import { doorList } from './door-list.js';
import { AttendanceSchema, CheckinBody, CheckinSchema, DoorListSchema } from './tickets-schemas.js';

/** The door: checking people in, the list a scanner keeps offline, who came. (Tagged with the registrations they are about.) */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/events/:id/checkins', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'Check someone in at the door, by ticket (token or scanned URL), registration id or email',
      params: IdParams,
      body: CheckinBody,
      response: { 200: CheckinSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => checkIn(app.deps, principalOf(request), request.params.id, request.body),
  });

  app.get('/events/:id/door-list', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'What a scanner at the door needs to go on checking tickets offline: each registration’s id, name, status, ticket digest and door code (the event’s organizers and coordinators)',
      params: IdParams,
      response: { 200: DoorListSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(doorList(app.deps, principalOf(request), request.params.id)),
  });

  app.get('/events/:id/attendance', {
    config: { access: 'member' },
    schema: { tags: ['registrations'], summary: 'Confirmed, waitlisted, checked in and no-shows', params: IdParams, response: { 200: AttendanceSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => attendance(app.deps, principalOf(request), request.params.id),
  });
};

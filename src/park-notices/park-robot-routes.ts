import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PARK_MANAGERS, principalOf } from '../auth/auth-plugin.js';
import { PARK_ROBOT_KINDS } from '../db/schema.js';
import { IdParams, problems, Timestamp } from '../http/schemas.js';
import { getParkRobot, removeParkRobot, setParkRobot } from './park-robots.js';

const ParkRobotBody = Type.Object(
  {
    kind: Type.Enum(PARK_ROBOT_KINDS),
    key: Type.String({ minLength: 1, maxLength: 500, description: 'The robot’s key, access_token or hook id — or its whole webhook address as the platform shows it.' }),
    secret: Type.Optional(Type.String({ minLength: 8, maxLength: 500, description: 'DingTalk/Feishu: the signing secret.' })),
  },
  { additionalProperties: false },
);

const ParkRobotSchema = Type.Object({
  organizationId: Type.Integer(),
  kind: Type.Enum(PARK_ROBOT_KINDS),
  secretsSet: Type.Array(Type.String(), { description: 'Which secrets are stored (never their values).' }),
  updatedAt: Timestamp,
});

/** A park's own group robot, told of every new booking request for its venues and every withdrawal. */
export const parkRobotRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { ...app.deps, config: app.config };
  const about = 'The park’s (or base’s) own managers and coordinators. The group is not a person: each post links to the request in the park’s inbox, which shows it only to the park’s managers once signed in.';

  app.put('/organizations/:id/request-robot', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['channels'], summary: 'Register (or replace) the park’s group robot (WeCom, DingTalk or Feishu) for booking requests', description: about, params: IdParams, body: ParkRobotBody, response: { 200: ParkRobotSchema, ...problems(400, 401, 403, 404, 409) } },
    handler: async (request) => setParkRobot(deps, principalOf(request), request.params.id, request.body),
  });

  app.get('/organizations/:id/request-robot', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['channels'], summary: 'The park’s group robot for booking requests (null when none)', description: about, params: IdParams, response: { 200: Type.Union([ParkRobotSchema, Type.Null()]), ...problems(400, 401, 403, 404, 409) } },
    handler: async (request) => getParkRobot(app.deps, principalOf(request), request.params.id),
  });

  app.delete('/organizations/:id/request-robot', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['channels'], summary: 'Stop telling the park’s group of booking requests', description: about, params: IdParams, response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) } },
    handler: async (request, reply) => {
      removeParkRobot(app.deps, principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  });
};

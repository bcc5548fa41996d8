import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { DELIVERY_STATUSES } from '../db/schema.js';
import { IdParams, PageQuery, problems, Timestamp } from '../http/schemas.js';
import { listAnnouncements, listDeliveries, retryDelivery } from './deliveries-service.js';

const Counts = Type.Object({ pending: Type.Integer(), sent: Type.Integer(), dead: Type.Integer(), skipped: Type.Integer() });

const AnnouncementSchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  kind: Type.String(),
  sequence: Type.Integer(),
  createdAt: Timestamp,
  fannedOutAt: Type.Union([Timestamp, Type.Null()]),
  counts: Counts,
});

const DeliverySchema = Type.Object({
  id: Type.Integer(),
  announcementId: Type.Integer(),
  targetType: Type.String(),
  targetId: Type.Integer(),
  targetName: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  remoteId: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Timestamp, Type.Null()]),
  updatedAt: Timestamp,
});

export const deliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/announcements', {
    config: { access: 'member' },
    schema: {
      tags: ['announcements'],
      summary: 'Announcements of an event with delivery counts (its organization, coordinators)',
      querystring: Type.Object({ eventId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AnnouncementSchema) }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => listAnnouncements(app.deps, principalOf(request), request.query.eventId),
  });

  app.get('/announcements/:id/deliveries', {
    config: { access: 'member' },
    schema: {
      tags: ['announcements'],
      summary: 'Deliveries of an announcement: counts by status, and the rows a page at a time',
      params: IdParams,
      querystring: Type.Object({ status: Type.Optional(Type.Enum(DELIVERY_STATUSES)), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Type.Object({ counts: Counts, items: Type.Array(DeliverySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => listDeliveries(app.deps, principalOf(request), request.params.id, request.query),
  });

  app.post('/deliveries/:id/retry', {
    config: { access: { roles: ['coordinator'] } },
    schema: { tags: ['announcements'], summary: 'Try a dead delivery again, as a new round of attempts', params: IdParams, response: { 200: DeliverySchema, ...problems(400, 401, 403, 404, 409) } },
    handler: async (request) => {
      return retryDelivery(app.deps, request.params.id);
    },
  });
};

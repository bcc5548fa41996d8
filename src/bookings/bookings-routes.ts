import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PARK_MANAGERS, principalOf } from '../auth/auth-plugin.js';
import { apiActor } from '../audit/audit.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import { approveBooking, cancelBooking, declineBooking, decideSeries } from './booking-decisions.js';
import {
  AlternativesSchema,
  ApproveBody,
  BookingSchema,
  CancelBody,
  CreateBookingBody,
  CreatedBookingSchema,
  DeclineBody,
  GroupParams,
  GroupSchema,
  HistorySchema,
  ListBookingsQuery,
  SeriesDecisionSchema,
  SeriesParams,
} from './bookings-schemas.js';
import { withdrawGroup } from './booking-groups.js';
import { bookingAlternatives } from './booking-alternatives.js';
import { bookingHistory, getBooking, listBookings, requestBooking } from './bookings-service.js';

const DECISION_PROBLEMS = problems(400, 401, 403, 404, 409);

export const bookingRoutes: FastifyPluginAsyncTypebox = async (app) => {

  app.post('/bookings', {
    config: { access: { roles: ['organizer', 'coordinator'] } },
    schema: {
      tags: ['bookings'],
      summary: 'Request a venue for a slot (optionally weekly, up to 52 times), or 2–3 venues at once (first approval wins)',
      description: 'The park’s managers get a mail with signed approve and decline links. Each rule a request breaks is named in `rule`.',
      body: CreateBookingBody,
      response: { 201: CreatedBookingSchema, ...DECISION_PROBLEMS },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const created = requestBooking(app.deps, principal, request.body, apiActor(principal));
      return reply.code(201).send(created);
    },
  });

  app.get('/bookings', {
    config: { access: 'member' },
    schema: {
      tags: ['bookings'],
      summary: 'Booking requests: your organization’s, your park’s, or (coordinators) all',
      querystring: ListBookingsQuery,
      response: { 200: Page(BookingSchema), ...problems(400, 401) },
    },
    handler: async (request) => listBookings(app.deps, principalOf(request), request.query),
  });

  app.get('/bookings/:id', {
    config: { access: 'member' },
    schema: { tags: ['bookings'], summary: 'One booking request', params: IdParams, response: { 200: BookingSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => getBooking(app.deps, principalOf(request), request.params.id),
  });

  app.get('/bookings/:id/alternatives', {
    config: { access: 'member' },
    schema: {
      tags: ['bookings'],
      summary: 'Venues free for the same slot instead (after a decline or a conflict)',
      params: IdParams,
      response: { 200: AlternativesSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => bookingAlternatives(app.deps, principalOf(request), request.params.id),
  });

  app.get('/bookings/:id/history', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['bookings'], summary: 'Every change to a request: who, what, when, before and after', params: IdParams, response: { 200: HistorySchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => bookingHistory(app.deps, principalOf(request), request.params.id),
  });

  app.post('/bookings/:id/approve', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['bookings'], summary: 'Approve a request (409 if it overlaps an approved booking)', params: IdParams, body: ApproveBody, response: { 200: BookingSchema, ...DECISION_PROBLEMS } },
    handler: async (request) => {
      const principal = principalOf(request);
      return approveBooking(app.deps, principal, request.params.id, request.body ?? {}, apiActor(principal));
    },
  });

  app.post('/bookings/:id/decline', {
    config: { access: PARK_MANAGERS },
    schema: { tags: ['bookings'], summary: 'Decline a request, saying why', params: IdParams, body: DeclineBody, response: { 200: BookingSchema, ...DECISION_PROBLEMS } },
    handler: async (request) => {
      const principal = principalOf(request);
      return declineBooking(app.deps, principal, request.params.id, request.body, apiActor(principal));
    },
  });

  app.post('/bookings/:id/cancel', {
    config: { access: 'member' },
    schema: {
      tags: ['bookings'],
      summary: 'Withdraw a pending or approved request before it starts (its organization, the park’s managers, coordinators)',
      params: IdParams,
      body: CancelBody,
      response: { 200: BookingSchema, ...DECISION_PROBLEMS },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return cancelBooking(app.deps, principal, request.params.id, request.body ?? {}, apiActor(principal));
    },
  });

  app.post('/bookings/groups/:groupId/withdraw', {
    config: { access: 'member' },
    schema: {
      tags: ['bookings'],
      summary: 'Withdraw every request of a multi-venue group (its organization, coordinators)',
      description: 'Pending requests become `withdrawn`; an approved one not yet started is cancelled. Each park’s managers are told.',
      params: GroupParams,
      body: CancelBody,
      response: { 200: GroupSchema, ...DECISION_PROBLEMS },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return withdrawGroup(app.deps, principal, request.params.groupId, request.body?.reason, apiActor(principal));
    },
  });

  for (const action of ['approve', 'decline'] as const) {
    app.post(`/bookings/series/:seriesId/${action}`, {
      config: { access: PARK_MANAGERS },
      schema: {
        tags: ['bookings'],
        summary: action === 'approve' ? 'Approve every pending occurrence of a weekly series; conflicts are reported and stay pending' : 'Decline every pending occurrence of a series',
        params: SeriesParams,
        body: action === 'approve' ? ApproveBody : DeclineBody,
        response: { 200: SeriesDecisionSchema, ...DECISION_PROBLEMS },
      },
      handler: async (request) => {
        const principal = principalOf(request);
        const body = (request.body ?? {}) as { note?: string; reason?: string };
        return decideSeries(app.deps, principal, request.params.seriesId, action, { note: body.note ?? body.reason }, apiActor(principal));
      },
    });
  }
};

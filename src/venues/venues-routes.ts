import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PARK_MANAGERS, principalOf } from '../auth/auth-plugin.js';
import { apiActor } from '../audit/audit.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import { CreateVenueBody, ListVenuesQuery, UpdateVenueBody, VenueSchema } from './venues-schemas.js';
import { createVenue, findVenue, listVenues, toVenueView, updateVenue } from './venues-service.js';

export const venueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/venues', {
    config: { access: PARK_MANAGERS },
    schema: {
      tags: ['venues'],
      summary: 'Add a venue to a park or base (its park managers, or a coordinator)',
      body: CreateVenueBody,
      response: { 201: VenueSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      return reply.code(201).send(createVenue(app.deps, principal, request.body, apiActor(principal)));
    },
  });

  app.get('/venues', {
    config: { access: 'member' },
    schema: {
      tags: ['venues'],
      summary: 'Find venues by park, capacity and amenity',
      querystring: ListVenuesQuery,
      response: { 200: Page(VenueSchema), ...problems(400, 401) },
    },
    handler: async (request) => listVenues(app.deps, request.query),
  });

  app.get('/venues/:id', {
    config: { access: 'member' },
    schema: { tags: ['venues'], summary: 'One venue', params: IdParams, response: { 200: VenueSchema, ...problems(400, 401, 404) } },
    handler: async (request) => toVenueView(findVenue(app.deps, request.params.id)),
  });

  app.patch('/venues/:id', {
    config: { access: PARK_MANAGERS },
    schema: {
      tags: ['venues'],
      summary: 'Change a venue (its park managers, or a coordinator); active: false deactivates it',
      params: IdParams,
      body: UpdateVenueBody,
      response: { 200: VenueSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return updateVenue(app.deps, principal, request.params.id, request.body, apiActor(principal));
    },
  });

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/venues/:id/${path}`, {
      config: { access: PARK_MANAGERS },
      schema: {
        tags: ['venues'],
        summary: active ? 'Take requests for a venue again' : 'Stop taking requests for a venue (existing bookings stay)',
        params: IdParams,
        response: { 200: VenueSchema, ...problems(400, 401, 403, 404) },
      },
      handler: async (request) => {
        const principal = principalOf(request);
        return updateVenue(app.deps, principal, request.params.id, { active }, apiActor(principal));
      },
    });
  }
};

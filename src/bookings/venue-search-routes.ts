import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problems } from '../http/schemas.js';
import type { Weekday } from '../time/opening-hours.js';
import { AvailabilityQuery, AvailabilitySchema, VenueSearchQuerySchema, VenueSearchSchema } from '../venues/venues-schemas.js';
import { venueAvailability } from './availability.js';
import { searchVenues } from './venue-search.js';

/** Finding a time to book: venues with a free slot across every park, and one venue's free intervals. */
export const venueSearchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/venues/search', {
    config: { access: 'member' },
    schema: {
      tags: ['venues'],
      summary: 'Venues across every park with a free slot of `duration` in a window, best fit first',
      querystring: VenueSearchQuerySchema,
      response: { 200: VenueSearchSchema, ...problems(400, 401) },
    },
    handler: async (request) => {
      const q = request.query;
      const list = (value: string | undefined) => (value ? value.split(',') : undefined);
      return searchVenues(app.deps, { ...q, amenities: list(q.amenities), parks: list(q.park)?.map(Number), weekdays: list(q.weekdays) as Weekday[] | undefined });
    },
  });

  app.get('/venues/:id/availability', {
    config: { access: 'member' },
    schema: {
      tags: ['venues'],
      summary: 'Free intervals of a venue in a window of up to 31 days',
      params: IdParams,
      querystring: AvailabilityQuery,
      response: { 200: AvailabilitySchema, ...problems(400, 401, 404) },
    },
    handler: async (request) => venueAvailability(app.deps, request.params.id, request.query),
  });
};


import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { apiActor } from '../audit/audit.js';
import { NotFoundError } from '../errors/http-errors.js';
import { ResponseCache } from '../http/response-cache.js';
import { IdParams, problems } from '../http/schemas.js';
import { eventsCalendar } from './event-ics.js';
import { findEventWithPlace } from './events-dal.js';
import { publicEventsJson } from './events-listing.js';
import { calendarEventRows } from './events-listing-dal.js';
import { CalendarQuery, CreateEventBody, EventSchema, ListEventsQuery, UpdateEventBody } from './events-schemas.js';
import { cancelEvent, createEvent, getEventJson, publishEvent, updateEvent } from './events-service.js';
import { nowMs } from '../time/clock.js';

const CHANGE_PROBLEMS = problems(400, 401, 403, 404, 409);
const ICS_TYPE = 'text/calendar; charset=utf-8';
/** The feed shows what is coming and what happened in the last month, cancelled events included. */
const FEED_PAST_MS = 30 * 24 * 3600_000;

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const listingCache = new ResponseCache(app.db, 1_000, 100);

  app.post('/events', {
    config: { access: 'member' },
    schema: {
      tags: ['events'],
      summary: 'Draft an event, at a booking of your organization or online',
      body: CreateEventBody,
      response: { 201: EventSchema, ...CHANGE_PROBLEMS },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      return reply.code(201).send(createEvent(app.deps, principal, request.body, apiActor(principal)));
    },
  });

  app.get('/events', {
    config: { access: 'public' },
    schema: {
      tags: ['events'],
      summary: 'Published upcoming events, by start time',
      querystring: ListEventsQuery,
      response: { 200: Type.Object({ items: Type.Array(EventSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) },
    },
    // The busiest public read: served from a cache that any database write invalidates.
    handler: async (request, reply) => reply.type('application/json; charset=utf-8').send(listingCache.get(request.url, () => publicEventsJson(app.db, request.query)) as never),
  });

  app.get('/events/:id', {
    config: { access: 'public-or-member' },
    schema: { tags: ['events'], summary: 'One event (drafts only to those who run them)', params: IdParams, response: { 200: EventSchema, ...problems(400, 401, 404) } },
    handler: async (request, reply) => reply.type('application/json; charset=utf-8').send(getEventJson(app.deps, request.principal, request.params.id) as never),
  });

  app.patch('/events/:id', {
    config: { access: 'member' },
    schema: {
      tags: ['events'],
      summary: 'Change an event; moving a published one sends an update announcement',
      params: IdParams,
      body: UpdateEventBody,
      response: { 200: EventSchema, ...CHANGE_PROBLEMS },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return updateEvent(app.deps, principal, request.params.id, request.body, apiActor(principal));
    },
  });

  app.post('/events/:id/publish', {
    config: { access: 'member' },
    schema: { tags: ['events'], summary: 'Publish a draft (needs an approved booking, or online)', params: IdParams, response: { 200: EventSchema, ...CHANGE_PROBLEMS } },
    handler: async (request) => {
      const principal = principalOf(request);
      return publishEvent(app.deps, principal, request.params.id, apiActor(principal));
    },
  });

  app.post('/events/:id/cancel', {
    config: { access: 'member' },
    schema: {
      tags: ['events'],
      summary: 'Cancel an event: releases its booking, tells registrants, announces it',
      params: IdParams,
      body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })),
      response: { 200: EventSchema, ...CHANGE_PROBLEMS },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return cancelEvent(app.deps, principal, request.params.id, request.body?.reason, apiActor(principal));
    },
  });

  app.get('/events/:id/ics', {
    config: { access: 'public' },
    schema: { tags: ['events'], summary: 'The event as an iCalendar file', params: IdParams, produces: ['text/calendar'], response: problems(400, 404) },
    handler: async (request, reply) => {
      const place = findEventWithPlace(app.db, request.params.id);
      if (place.event.status === 'draft') throw new NotFoundError('Event', request.params.id);
      return reply
        .type(ICS_TYPE)
        .header('content-disposition', `attachment; filename="event-${place.event.id}.ics"`)
        .send(eventsCalendar([place], { publicUrl: app.config.publicUrl, name: place.event.title }));
    },
  });

  app.get('/calendar.ics', {
    config: { access: 'public' },
    schema: { tags: ['events'], summary: 'Public iCalendar feed of events, by park, topic or organization', querystring: CalendarQuery, produces: ['text/calendar'], response: problems(400) },
    handler: async (request, reply) => {
      const places = calendarEventRows(app.db, { statuses: ['published', 'cancelled', 'completed'], fromMs: nowMs() - FEED_PAST_MS, ...request.query });
      return reply.type(ICS_TYPE).send(eventsCalendar(places, { publicUrl: app.config.publicUrl, name: 'Wujiaochang founder events · 五角场创业活动' }));
    },
  });
};

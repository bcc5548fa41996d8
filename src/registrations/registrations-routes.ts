import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { wantsHtml } from '../http/html.js';
import { limitPublicRequest, registerLimits } from '../http/rate-limit.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import { readCancelLink } from './registration-links.js';
import {
  AttendanceSchema,
  CheckinBody,
  ListRegistrationsQuery,
  PublicRegistrationSchema,
  RegisterBody,
  RegistrationSchema,
  RegistrationTokenParams,
} from './registrations-schemas.js';
import { attendance, cancelRegistration, checkIn, confirmHeldSeat, heldRegistration, listRegistrations, register } from './registrations-service.js';

const MESSAGES = {
  held: 'A seat is held for you: open the link we mailed you to confirm it, or it goes to the next person.',
  confirmed: 'You have a seat. A confirmation with your personal cancel link is on its way by email.',
  waitlisted: 'The event is full: you are on the waitlist and will get a seat, and an email, if one frees up.',
  checked_in: 'You have checked in.',
  cancelled: 'This registration is cancelled.',
} as const;

/** What the personal links' routes answer an API client. */
function publicAnswer({ id, eventId, status, waitlistPosition }: { id: number; eventId: number; status: keyof typeof MESSAGES; waitlistPosition: number | null }) {
  return { id, eventId, status, waitlistPosition, message: MESSAGES[status] };
}

export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => ({ db: app.db, secretKey: app.secretKey, publicUrl: app.config.publicUrl, holdMs: app.config.registrationHoldMs });

  /**
   * The answer after a personal link's button acted: a person who pressed it on the link's page
   * gets a page back (title and notice message keys), an API client the registration.
   */
  const linkDone = (request: FastifyRequest, reply: FastifyReply, registration: Parameters<typeof publicAnswer>[0], title: 'cancelled' | 'confirmSeatTitle', done: 'registrationCancelled' | 'seatConfirmed') => {
    app.outbox.kick();
    if (!wantsHtml(request.headers.accept)) return publicAnswer(registration);
    const say = app.sayFor(request);
    return app.sitePage(reply, say(title), `<p class="notice">${say(done)}</p>`) as never;
  };

  app.post('/events/:id/registrations', {
    config: { access: 'public' },
    schema: {
      tags: ['registrations'],
      summary: 'Register for a published event: a seat while any is left, else the waitlist',
      description:
        'Registering an email that already has a registration takes no second seat; the answer is the one a new registration would get now (nobody learns whether or how an address is registered) and the address’s owner is told by mail where they stand. Limited per IP address and per email address (429 with Retry-After).',
      params: IdParams,
      body: RegisterBody,
      response: { 201: PublicRegistrationSchema, ...problems(400, 404, 409, 415, 429) },
    },
    handler: async (request, reply) => {
      await limitPublicRequest(app.jobs.rateLimiter, 'register', registerLimits(app.config), request.ip, request.body.email, 'registrations');
      const { answer } = register(deps(), request.params.id, request.body);
      app.outbox.kick();
      return reply.code(201).send(publicAnswer({ ...answer, eventId: request.params.id }));
    },
  });

  app.get('/registrations/:token/cancel', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirmation page of a personal cancel link (never acts)', params: RegistrationTokenParams, response: problems(400, 410) },
    handler: async (request, reply) => {
      readCancelLink(app.secretKey, request.params.token);
      const say = app.sayFor(request);
      return app.sitePage(reply, say('cancelRegistration'), `<p>${say('cancelRegistrationQuestion')}</p><form method="post"><button type="submit" class="danger">${say('cancelRegistration')}</button></form>`);
    },
  });

  app.post('/registrations/:token/cancel', {
    config: { access: 'public', html: true },
    schema: {
      tags: ['registrations'],
      summary: 'Cancel through the personal link; the seat goes to the first waitlisted person',
      params: RegistrationTokenParams,
      response: { 200: PublicRegistrationSchema, ...problems(400, 404, 409, 410) },
    },
    handler: async (request, reply) => linkDone(request, reply, cancelRegistration(deps(), request.params.token), 'cancelled', 'registrationCancelled'),
  });

  // Mail scanners follow links: opening the confirm link only shows a button; its POST confirms.
  app.get('/registrations/:token/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Page of a held seat’s confirm link (never acts)', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => {
      const registration = heldRegistration(deps(), request.params.token);
      if (!wantsHtml(request.headers.accept)) return publicAnswer(registration);
      const say = app.sayFor(request);
      const body = registration.status === 'held' ? `<p>${say('confirmSeatQuestion', { name: registration.name })}</p><form method="post"><button type="submit" class="primary">${say('confirmSeat')}</button></form>` : `<p class="notice">${say('seatConfirmed')}</p>`;
      return app.sitePage(reply, say('confirmSeatTitle'), body) as never;
    },
  });

  app.post('/registrations/:token/confirm', {
    config: { access: 'public', html: true },
    schema: { tags: ['registrations'], summary: 'Confirm a held seat through the mailed link', params: RegistrationTokenParams, response: { 200: PublicRegistrationSchema, ...problems(400, 404, 410) } },
    handler: async (request, reply) => linkDone(request, reply, confirmHeldSeat(deps(), request.params.token), 'confirmSeatTitle', 'seatConfirmed'),
  });

  app.get('/events/:id/registrations', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'Who registered (the organizing organization and coordinators)',
      params: IdParams,
      querystring: ListRegistrationsQuery,
      response: { 200: Page(RegistrationSchema), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => listRegistrations(app.db, principalOf(request), request.params.id, request.query),
  });

  app.post('/events/:id/checkins', {
    config: { access: 'member' },
    schema: {
      tags: ['registrations'],
      summary: 'Check someone in at the door, by registration id or email',
      params: IdParams,
      body: CheckinBody,
      response: { 200: RegistrationSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => checkIn(app.db, principalOf(request), request.params.id, request.body),
  });

  app.get('/events/:id/attendance', {
    config: { access: 'member' },
    schema: { tags: ['registrations'], summary: 'Confirmed, waitlisted, checked in and no-shows', params: IdParams, response: { 200: AttendanceSchema, ...problems(400, 401, 403, 404) } },
    handler: async (request) => attendance(app.db, principalOf(request), request.params.id),
  });
};


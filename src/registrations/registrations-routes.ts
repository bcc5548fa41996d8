import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { limitPublicRequest, registerLimits } from '../http/rate-limit.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import { ListRegistrationsQuery, PublicRegistrationSchema, RegisterBody, RegistrationSchema } from './registrations-schemas.js';
import { publicAnswer } from './public-answer.js';
import { EXPORT_TYPES, registrationsCsv, registrationsXlsx, registrationTable } from './registration-export.js';
import { Type } from 'typebox';
import { listRegistrations, register } from './registrations-service.js';

export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {

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
      await limitPublicRequest(app.hourLimits, 'register', registerLimits(app.config), request.ip, request.body.email, 'registrations');
      const { answer } = register(app.deps, request.params.id, request.body);
      return reply.code(201).send(publicAnswer({ ...answer, eventId: request.params.id }));
    },
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
    handler: async (request) => listRegistrations(app.deps, principalOf(request), request.params.id, request.query),
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/events/:id/registrations.${format}`, {
      config: { access: 'member' },
      schema: {
        tags: ['registrations'],
        summary: `Who registered, as ${format === 'csv' ? 'CSV' : 'an Excel workbook'}: one row each, one column per question (the organizing organization and coordinators)`,
        params: IdParams,
        response: { 200: { description: 'The file', content: { [EXPORT_TYPES[format]]: { schema: Type.Unsafe<string | Buffer>({ type: 'string', format: 'binary' }) } } }, ...problems(400, 401, 403, 404) },
      },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const table = registrationTable(app.deps, principal, request.params.id);
        const body = format === 'csv' ? registrationsCsv(table) : await registrationsXlsx(table);
        return reply.type(EXPORT_TYPES[format]).header('content-disposition', `attachment; filename="registrations-${request.params.id}.${format}"`).send(body);
      },
    });
  }
};

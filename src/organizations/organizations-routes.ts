import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Page, problems } from '../http/schemas.js';
import { CreateOrganizationBody, ListOrganizationsQuery, OrganizationSchema } from './organizations-schemas.js';
import { createOrganization, getOrganization, listOrganizations } from './organizations-service.js';

export const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/organizations', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['organizations'],
      summary: 'Admit an organization to the alliance',
      body: CreateOrganizationBody,
      response: { 201: OrganizationSchema, ...problems(400, 401, 403, 409) },
    },
    handler: async (request, reply) => reply.code(201).send(createOrganization(app.deps, request.body)),
  });

  app.get('/organizations', {
    config: { access: 'member' },
    schema: {
      tags: ['organizations'],
      summary: 'List member organizations',
      querystring: ListOrganizationsQuery,
      response: { 200: Page(OrganizationSchema), ...problems(400, 401) },
    },
    handler: async (request) => listOrganizations(app.deps, request.query),
  });

  app.get('/organizations/:id', {
    config: { access: 'member' },
    schema: {
      tags: ['organizations'],
      summary: 'One organization',
      params: IdParams,
      response: { 200: OrganizationSchema, ...problems(400, 401, 404) },
    },
    handler: async (request) => getOrganization(app.deps, request.params.id),
  });
};

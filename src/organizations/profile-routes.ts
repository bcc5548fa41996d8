import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiActor } from '../audit/audit.js';
import { principalOf, COORDINATORS } from '../auth/auth-plugin.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import { allianceMembers, decideProposal, editProfile, listProposals, profileOf, proposeProfile } from './member-profiles.js';
import { AllianceSchema, DeclineBody, ListProposalsQuery, ProfileChangesBody, ProfileSchema, ProposalSchema } from './organizations-schemas.js';


/** Member profiles: public facts, the coordinator's edits, members' proposals and their decisions. */
export const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/alliance', {
    config: { access: 'public' },
    schema: { tags: ['organizations'], summary: 'The alliance’s members by kind, each with its public profile (the office itself is not listed)', response: { 200: AllianceSchema } },
    handler: async () => allianceMembers(app.deps),
  });

  app.get('/organizations/:id/profile', {
    config: { access: 'public' },
    schema: { tags: ['organizations'], summary: 'An organization’s public profile', params: IdParams, response: { 200: ProfileSchema, ...problems(400, 404) } },
    handler: async (request) => profileOf(app.db, request.params.id),
  });

  app.patch('/organizations/:id/profile', {
    config: { access: COORDINATORS },
    schema: {
      tags: ['organizations'],
      summary: 'Edit an organization’s profile (audited); null clears a field, `years` replaces the years it names',
      params: IdParams,
      body: ProfileChangesBody,
      response: { 200: ProfileSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => editProfile(app.deps, request.params.id, request.body, apiActor(principalOf(request))),
  });

  app.post('/organizations/:id/profile-proposals', {
    config: { access: 'member' },
    schema: {
      tags: ['organizations'],
      summary: 'Propose a change to your own organization’s profile, for a coordinator to approve',
      params: IdParams,
      body: ProfileChangesBody,
      response: { 201: ProposalSchema, ...problems(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      return reply.code(201).send(proposeProfile(app.deps, principal, request.params.id, request.body, apiActor(principal)));
    },
  });

  app.get('/profile-proposals', {
    config: { access: 'member' },
    schema: {
      tags: ['organizations'],
      summary: 'Profile proposals, newest first: all for a coordinator, else your organization’s',
      querystring: ListProposalsQuery,
      response: { 200: Page(ProposalSchema), ...problems(400, 401, 403) },
    },
    handler: async (request) => listProposals(app.deps, principalOf(request), request.query),
  });

  app.post('/profile-proposals/:id/approve', {
    config: { access: COORDINATORS },
    schema: { tags: ['organizations'], summary: 'Approve a pending proposal: its changes are applied (audited)', params: IdParams, response: { 200: ProposalSchema, ...problems(400, 401, 403, 404, 409) } },
    handler: async (request) => {
      const principal = principalOf(request);
      return decideProposal(app.deps, principal, request.params.id, 'approve', undefined, apiActor(principal));
    },
  });

  app.post('/profile-proposals/:id/decline', {
    config: { access: COORDINATORS },
    schema: { tags: ['organizations'], summary: 'Decline a pending proposal, saying why', params: IdParams, body: DeclineBody, response: { 200: ProposalSchema, ...problems(400, 401, 403, 404, 409) } },
    handler: async (request) => {
      const principal = principalOf(request);
      return decideProposal(app.deps, principal, request.params.id, 'decline', request.body?.reason, apiActor(principal));
    },
  });
};

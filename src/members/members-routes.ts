import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/auth-plugin.js';
import { ConflictError, ForbiddenError } from '../errors/http-errors.js';
import { IdParams, Page, problems } from '../http/schemas.js';
import {
  CreatedMemberSchema,
  CreateMemberBody,
  CreateTokenBody,
  ListMembersQuery,
  MemberParams,
  MemberSchema,
  NewTokenSchema,
  TokenParams,
  TokenSchema,
} from './members-schemas.js';
import { createMember, createToken, deactivateMember, getMember, listMembers, listTokens, revokeAllTokens, revokeToken } from './members-service.js';

export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/organizations/:id/members', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['members'],
      summary: 'Admit a person to an organization',
      description: 'Returns the member and their first API token (shown once). A welcome mail is sent to them.',
      params: IdParams,
      body: CreateMemberBody,
      response: { 201: CreatedMemberSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const created = createMember(app.deps, request.params.id, request.body, principalOf(request).name);
      return reply.code(201).send(created);
    },
  });

  app.get('/organizations/:id/members', {
    config: { access: 'member' },
    schema: {
      tags: ['members'],
      summary: 'Members of an organization (coordinators, or members of that organization)',
      params: IdParams,
      querystring: ListMembersQuery,
      response: { 200: Page(MemberSchema), ...problems(400, 401, 403) },
    },
    handler: async (request) => {
      const me = principalOf(request);
      if (me.role !== 'coordinator' && me.organizationId !== request.params.id) {
        throw new ForbiddenError('Only coordinators and the organization’s own members may list its members.');
      }
      return listMembers(app.deps, request.params.id, request.query);
    },
  });

  app.get('/members/me', {
    config: { access: 'member' },
    schema: { tags: ['members'], summary: 'The member behind this token', response: { 200: MemberSchema, ...problems(401) } },
    handler: async (request) => getMember(app.deps, principalOf(request).memberId),
  });

  app.post('/members/me/tokens', {
    config: { access: 'member' },
    schema: {
      tags: ['members'],
      summary: 'Create another API token for yourself (shown once)',
      body: Type.Optional(CreateTokenBody),
      response: { 201: NewTokenSchema, ...problems(400, 401) },
    },
    handler: async (request, reply) => reply.code(201).send(createToken(app.deps, principalOf(request).memberId, request.body?.name)),
  });

  app.get('/members/me/tokens', {
    config: { access: 'member' },
    schema: { tags: ['members'], summary: 'Your API tokens (never the tokens themselves)', response: { 200: Type.Object({ items: Type.Array(TokenSchema) }), ...problems(401) } },
    handler: async (request) => ({ items: listTokens(app.deps, principalOf(request).memberId) }),
  });

  app.delete('/members/me/tokens/:tokenId', {
    config: { access: 'member' },
    schema: {
      tags: ['members'],
      summary: 'Revoke one of your API tokens',
      params: TokenParams,
      response: { 200: TokenSchema, ...problems(400, 401, 404) },
    },
    handler: async (request) => revokeToken(app.deps, principalOf(request).memberId, request.params.tokenId),
  });

  app.post('/members/:id/revoke-tokens', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['members'],
      summary: 'Revoke every API token of a member (e.g. when they leave)',
      params: MemberParams,
      response: { 200: Type.Object({ revoked: Type.Integer() }), ...problems(400, 401, 403, 404) },
    },
    handler: async (request) => ({ revoked: revokeAllTokens(app.deps, request.params.id) }),
  });

  app.post('/members/:id/deactivate', {
    config: { access: { roles: ['coordinator'] } },
    schema: {
      tags: ['members'],
      summary: 'Deactivate a member: tokens, sessions, sign-in and every link mailed to them stop working',
      params: MemberParams,
      response: { 200: MemberSchema, ...problems(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = principalOf(request);
      if (actor.memberId === request.params.id) throw new ConflictError('You cannot deactivate yourself; ask another coordinator.', { rule: 'self' });
      return deactivateMember(app.deps, request.params.id, { memberId: actor.memberId, via: 'api' });
    },
  });
};

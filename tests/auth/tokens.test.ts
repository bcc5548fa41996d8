import { describe, expect, it } from 'vitest';
import { seedMember, useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

const me = (authorization?: string) =>
  t.app.inject({ method: 'GET', url: '/v1/members/me', headers: authorization ? { authorization } : {} });

describe('token authentication', () => {
  it('refuses a request without a token with 401 and WWW-Authenticate', async () => {
    const res = await me();
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().detail).toMatch(/Authorization: Bearer/);
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await me('Basic dXNlcjpwYXNz');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The Authorization header must be "Bearer <token>".');
  });

  it('refuses an unknown token', async () => {
    const res = await me('Bearer cl_not-a-real-token');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The API token is unknown or has been revoked.');
  });

  it('accepts a valid token and tells who it belongs to', async () => {
    const { auth, member } = seedMember(t.app, 'organizer');
    const res = await me(auth.authorization);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: member.id, role: 'organizer' });
  });

  it('creates further tokens shown once, lists them without secrets, and revokes them', async () => {
    const { auth } = seedMember(t.app, 'organizer');
    const created = await t.app.inject({ method: 'POST', url: '/v1/members/me/tokens', headers: auth, payload: { name: 'laptop' } });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^cl_[\w-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);

    const list = await t.app.inject({ method: 'GET', url: '/v1/members/me/tokens', headers: auth });
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(['first token', 'laptop']);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toMatch(/hash/i);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/members/me/tokens/${id}`, headers: auth });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401);
    // The first token still works.
    expect((await me(auth.authorization)).statusCode).toBe(200);
  });

  it('does not let a member revoke another member’s token', async () => {
    const alice = seedMember(t.app, 'organizer');
    const bob = seedMember(t.app, 'organizer');
    const bobTokens = await t.app.inject({ method: 'GET', url: '/v1/members/me/tokens', headers: bob.auth });
    const bobTokenId = bobTokens.json().items[0].id;
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/members/me/tokens/${bobTokenId}`, headers: alice.auth });
    expect(res.statusCode).toBe(404);
    expect((await me(bob.auth.authorization)).statusCode).toBe(200);
  });

  it('lets a coordinator revoke every token of a member who leaves', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const leaver = seedMember(t.app, 'organizer');
    const res = await t.app.inject({ method: 'POST', url: `/v1/members/${leaver.member.id}/revoke-tokens`, headers: coordinator.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 1 });
    expect((await me(leaver.auth.authorization)).statusCode).toBe(401);
  });
});

describe('role checks', () => {
  it.each(['organizer', 'park_manager'] as const)('refuses a %s admitting organizations with 403', async (role) => {
    const { auth } = seedMember(t.app, role);
    const res = await t.app.inject({ method: 'POST', url: '/v1/organizations', headers: auth, payload: { name: `New ${role}`, kind: 'incubator' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe(`This route is for coordinator members; you are ${role}.`);
  });

  it('refuses an organizer admitting members', async () => {
    const { auth, organization } = seedMember(t.app, 'organizer');
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${organization.id}/members`,
      headers: auth,
      payload: { name: 'Friend', email: 'friend@example.org', role: 'organizer' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('keeps an organization’s member list to coordinators and its own members', async () => {
    const a = seedMember(t.app, 'organizer');
    const b = seedMember(t.app, 'organizer');
    const coordinator = seedMember(t.app, 'coordinator');
    const url = `/v1/organizations/${a.organization.id}/members`;
    expect((await t.app.inject({ method: 'GET', url, headers: a.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url, headers: coordinator.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url, headers: b.auth })).statusCode).toBe(403);
  });
});

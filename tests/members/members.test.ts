import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let coordinator: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = seedMember(t.app, 'coordinator').auth;
});
afterAll(() => t.close());

async function organization(name: string, kind: string): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/organizations', headers: coordinator, payload: { name, kind } });
  return res.json().id;
}

const admit = (organizationId: number, payload: object) =>
  t.app.inject({ method: 'POST', url: `/v1/organizations/${organizationId}/members`, headers: coordinator, payload });

describe('members', () => {
  it('admits a person and returns their first token, which works at once', async () => {
    const park = await organization('Knowledge Park', 'park');
    const res = await admit(park, { name: 'Wang Fang', email: 'Wang.Fang@Park.example', role: 'park_manager', language: 'en' });
    expect(res.statusCode).toBe(201);
    const { member, token } = res.json();
    expect(member).toMatchObject({ organizationId: park, email: 'wang.fang@park.example', role: 'park_manager', language: 'en' });
    const me = await t.app.inject({ method: 'GET', url: '/v1/members/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().id).toBe(member.id);
  });

  it('refuses a park manager outside a park or base, naming the role field', async () => {
    const club = await organization('Founders Club', 'grassroots');
    const res = await admit(club, { name: 'Zhao Lei', email: 'zhao@club.example', role: 'park_manager' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'role', detail: 'A park_manager must belong to a park or base organization; Founders Club is a grassroots.' });
  });

  it('keeps a mobile number for texted sign-in codes: mainland only, one member per number', async () => {
    const club = await organization('Mobile Club', 'grassroots');
    const res = await admit(club, { name: 'Liu', email: 'liu@example.org', role: 'organizer', mobile: '139-0000-1234' });
    expect(res.statusCode).toBe(201);
    expect(res.json().member.mobile).toBe('+8613900001234');
    const same = await admit(club, { name: 'Liu 2', email: 'liu2@example.org', role: 'organizer', mobile: '+86 139 0000 1234' });
    expect(same.statusCode).toBe(409);
    expect(same.json().field).toBe('mobile');
    const bad = await admit(club, { name: 'Liu 3', email: 'liu3@example.org', role: 'organizer', mobile: '+44 20 7946 0000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('mobile');
  });

  it('refuses a second member with the same email, whatever its case', async () => {
    const club = await organization('Second Club', 'grassroots');
    await admit(club, { name: 'Chen', email: 'chen@example.org', role: 'organizer' });
    const res = await admit(club, { name: 'Chen again', email: 'CHEN@example.org', role: 'organizer' });
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('email');
  });

  it('answers 404 for an unknown organization and writes nothing', async () => {
    const before = t.app.db.select().from(emails).all().length;
    const res = await admit(424242, { name: 'Nobody', email: 'nobody@example.org', role: 'organizer' });
    expect(res.statusCode).toBe(404);
    expect(t.app.db.select().from(emails).all()).toHaveLength(before);
  });

  it('refuses a malformed email', async () => {
    const club = await organization('Third Club', 'grassroots');
    const res = await admit(club, { name: 'X', email: 'not-an-email', role: 'organizer' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('email');
  });

  it('lists an organization’s members', async () => {
    const club = await organization('Listed Club', 'incubator');
    await admit(club, { name: 'A', email: 'a@listed.example', role: 'organizer' });
    await admit(club, { name: 'B', email: 'b@listed.example', role: 'organizer' });
    const res = await t.app.inject({ method: 'GET', url: `/v1/organizations/${club}/members`, headers: coordinator });
    expect(res.json().items.map((m: { name: string }) => m.name)).toEqual(['A', 'B']);
  });
});

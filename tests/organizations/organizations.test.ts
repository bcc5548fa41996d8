import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let coordinator: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = seedMember(t.app, 'coordinator').auth;
});
afterAll(() => t.close());

const create = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/organizations', headers: coordinator, payload });

describe('organizations', () => {
  it('admits an organization and returns it with its id', async () => {
    const res = await create({ name: 'Chuangzhi Park', kind: 'park', contactEmail: 'Office@Chuangzhi.example' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: expect.any(Number), name: 'Chuangzhi Park', kind: 'park', contactEmail: 'office@chuangzhi.example' });
    const fetched = await t.app.inject({ method: 'GET', url: `/v1/organizations/${res.json().id}`, headers: coordinator });
    expect(fetched.json()).toEqual(res.json());
  });

  it('refuses a second organization with the same name, naming the field', async () => {
    await create({ name: 'Twin Incubator', kind: 'incubator' });
    const res = await create({ name: 'Twin Incubator', kind: 'grassroots' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ field: 'name', detail: expect.stringMatching(/already exists/) });
  });

  it('lists organizations page by page with a cursor, and filters by kind', async () => {
    for (let i = 0; i < 5; i++) await create({ name: `Base ${i}`, kind: 'base' });
    const first = await t.app.inject({ method: 'GET', url: '/v1/organizations?kind=base&limit=3', headers: coordinator });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((o: { name: string }) => o.name)).toEqual(['Base 0', 'Base 1', 'Base 2']);
    const second = await t.app.inject({ method: 'GET', url: `/v1/organizations?kind=base&limit=3&cursor=${first.json().nextCursor}`, headers: coordinator });
    expect(second.json()).toMatchObject({ nextCursor: null });
    expect(second.json().items.map((o: { name: string }) => o.name)).toEqual(['Base 3', 'Base 4']);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/organizations?cursor=garbage', headers: coordinator });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('cursor');
  });

  it('refuses a limit above 200 rather than quietly capping it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/organizations?limit=1000', headers: coordinator });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'limit', in: 'querystring' });
  });
});

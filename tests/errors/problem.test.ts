import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  auth = seedMember(t.app, 'coordinator').auth;
});
afterAll(() => t.close());

function post(body: string | object, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/v1/organizations',
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('problem+json errors', () => {
  it('names a missing field', async () => {
    const res = await post({ kind: 'park' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/validation-error', status: 400, field: 'name', detail: 'body: name is required.' });
  });

  it('names a field with a wrong value and lists every issue', async () => {
    const res = await post({ name: '', kind: 'castle' });
    const problem = res.json();
    expect(res.statusCode).toBe(400);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'name']);
  });

  it('refuses unknown properties instead of silently dropping them', async () => {
    const res = await post({ name: 'X', kind: 'park', colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'colour', detail: 'body: colour is not a known property.' });
  });

  it('names the limit of an over-long field rather than truncating it', async () => {
    const res = await post({ name: 'x'.repeat(201), kind: 'park' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'name', detail: 'body: name must NOT have more than 200 characters.' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await post('{"name": ');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().title).toBe('Your request is not valid');
  });

  it('answers an unsupported media type with 415', async () => {
    const res = await post('name=x', { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('validates path parameters and names them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/organizations/abc', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'id', in: 'params' });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, detail: 'There is no route GET /v1/nothing-here.' });
  });

  it('answers router-level refusals (an over-long path parameter) as problems too', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/booking-links/${'a'.repeat(5000)}` });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a missing resource with a 404 problem naming it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/organizations/999999', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('Organization 999999 was not found.');
  });

  it('never shows a stack trace, even for an unexpected error', async () => {
    const { buildApp } = await import('../../src/app.js');
    const app = await buildApp({ config: t.config });
    app.get('/v1/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret internals at /srv/app/file.ts:12');
    });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/v1/boom' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: '/problems/internal-error', status: 500 });
    expect(res.body).not.toMatch(/secret internals|file\.ts|at /);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { emails } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { admitViaApi, startTestApp, type TestApp } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const t of apps) await t.close();
});

describe('health', () => {
  it('answers /healthz and /readyz without Redis configured', async () => {
    const t = await startTestApp();
    apps.push(t);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'not configured' }, outbox: { oldestUnsentSeconds: null }, backup: null });
  });

  it('reports 503 on /readyz while the configured Redis does not answer, and stays up on /healthz', async () => {
    // Port 1 on loopback: nothing listens there.
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    apps.push(t);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({ detail: 'Not ready: redis down.', checks: { database: 'up', redis: 'down' } });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('tells in /readyz how long the oldest unsent work has waited', async () => {
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    apps.push(t);
    try {
      await admitViaApi(t.app, { name: 'Wu Lan', email: 'wu@example.org' }); // its welcome mail cannot be queued
      const committedAt = t.app.db.select().from(emails).all()[0]!.createdAt.getTime();
      testClock.set(committedAt + 95_500);
      const ready = (await t.app.inject({ method: 'GET', url: '/readyz' })).json();
      expect(ready.outbox).toEqual({ oldestUnsentSeconds: 95 });
    } finally {
      testClock.reset();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { freePort } from '../helpers/redis-server.js';
import { startTestApp, useTestApp, type TestApp } from '../helpers/test-app.js';

const t = useTestApp({ REGISTER_LIMIT_PER_IP: '5', REGISTER_LIMIT_PER_ADDRESS: '2', SUBSCRIBE_LIMIT_PER_IP: '3' });

const register = (app: TestApp['app'], eventId: number, email: string, ip = '203.0.113.1') => registerFor(app, eventId, 'Guest', email, ip);

function expectTooMany(res: Awaited<ReturnType<typeof register>>) {
  expect(res.statusCode).toBe(429);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.json()).toMatchObject({ status: 429, type: '/problems/too-many-requests', title: expect.any(String), detail: expect.stringMatching(/try again in \d+ s/) });
}

describe('rate limits on public endpoints', () => {
  it('limits registrations per email address, with Retry-After', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 50 });
    for (let i = 0; i < 2; i++) expect((await register(t.app, event.id, 'repeat@guest.example', `198.51.100.${i}`)).statusCode).toBeLessThan(300);
    expectTooMany(await register(t.app, event.id, 'Repeat@Guest.example', '198.51.100.77'));
  });

  it('counts plus-addressed variants of one mailbox as that mailbox; the limit lifts after the hour', async () => {
    testClock.freeze();
    try {
      const { event } = await seedPublishedEvent(t.app, { capacity: 50 });
      expect((await register(t.app, event.id, 'li+a@guest.example', '198.51.100.101')).statusCode).toBe(201);
      expect((await register(t.app, event.id, 'LI+b@guest.example', '198.51.100.102')).statusCode).toBe(201);
      const refused = await register(t.app, event.id, 'li+c@guest.example', '198.51.100.103');
      expectTooMany(refused);
      // Two an hour means two in any 60 minutes: the next one is allowed when the first leaves the hour.
      expect(Number(refused.headers['retry-after'])).toBe(3600);
      testClock.advance(3_599_000);
      expectTooMany(await register(t.app, event.id, 'li@guest.example', '198.51.100.104'));
      testClock.advance(1_000);
      expect((await register(t.app, event.id, 'li@guest.example', '198.51.100.105')).statusCode).toBe(201);
    } finally {
      testClock.unfreeze();
    }
  });

  it('limits registrations per IP address, with Retry-After; other addresses are unaffected', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 50 });
    for (let i = 0; i < 5; i++) expect((await register(t.app, event.id, `flood${i}@guest.example`, '192.0.2.10')).statusCode).toBe(201);
    expectTooMany(await register(t.app, event.id, 'flood5@guest.example', '192.0.2.10'));
    expect((await register(t.app, event.id, 'flood5@guest.example', '192.0.2.11')).statusCode).toBe(201);
  });

  it('limits subscribe requests per IP address, with Retry-After', async () => {
    const subscribe = (email: string) => t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email }, remoteAddress: '192.0.2.50' });
    for (let i = 0; i < 3; i++) expect((await subscribe(`reader${i}@guest.example`)).statusCode).toBe(202);
    expectTooMany(await subscribe('reader3@guest.example'));
  });
});

describe('rate limits while Redis is away', () => {
  let away: TestApp | undefined;
  afterAll(() => away?.close());

  it('do not need it: people register and subscribe, counted in the database', async () => {
    away = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const { event } = await seedPublishedEvent(away.app, { capacity: 5 });
    expect((await register(away.app, event.id, 'calm@guest.example')).statusCode).toBe(201);
    expect((await away.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email: 'calm@guest.example' } })).statusCode).toBe(202);
  });
});

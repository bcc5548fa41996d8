import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { postFrom, startForwardingProxy } from '../helpers/forwarding-proxy.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Rate limits count per client. Behind a real proxy hop (tests/helpers/forwarding-proxy.ts, which
 * forwards as nginx does) with TRUST_PROXY naming it, two clients have separate limits; a client
 * that writes its own X-Forwarded-For without going through a trusted proxy gains nothing.
 */

const LIMITS = { REGISTER_LIMIT_PER_IP: '3', REGISTER_LIMIT_PER_ADDRESS: '100' };

async function listening(extra: Record<string, string>) {
  const t = await startTestApp({ ...LIMITS, ...extra });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { event } = await seedPublishedEvent(t.app, { capacity: 50 });
  return { t, port: (t.app.server.address() as AddressInfo).port, eventId: event.id };
}

let n = 0;
const register = (from: string, port: number, eventId: number, headers: Record<string, string> = {}) =>
  postFrom(from, port, `/v1/events/${eventId}/registrations`, { name: 'Visitor', email: `visitor${++n}@example.org` }, headers);

describe('behind a trusted proxy, each client has its own limits', () => {
  let t: TestApp;
  let proxy: Awaited<ReturnType<typeof startForwardingProxy>>;
  let eventId: number;
  beforeAll(async () => {
    // The proxy connects from 127.0.0.1; the clients come from other loopback addresses, which
    // must not count as proxies themselves (with `loopback` they would: all of 127/8 is trusted).
    const started = await listening({ TRUST_PROXY: '127.0.0.1' });
    t = started.t;
    eventId = started.eventId;
    proxy = await startForwardingProxy({ host: '127.0.0.1', port: started.port });
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.close();
  });

  it('one client used up its limit; another behind the same proxy is still served', async () => {
    const first = [];
    for (let i = 0; i < 4; i++) first.push((await register('127.0.0.11', proxy.port, eventId)).status);
    expect(first).toEqual([201, 201, 201, 429]);
    expect((await register('127.0.0.12', proxy.port, eventId)).status).toBe(201);
  });

  it('a client cannot name itself someone else through the proxy: the proxy appends the address it saw', async () => {
    const forged = [];
    for (let i = 0; i < 4; i++) forged.push((await register('127.0.0.13', proxy.port, eventId, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(forged).toEqual([201, 201, 201, 429]);
  });
});

describe('without TRUST_PROXY, forwarded headers are not believed', () => {
  let t: TestApp;
  let port: number;
  let eventId: number;
  beforeAll(async () => {
    ({ t, port, eventId } = await listening({}));
  });
  afterAll(() => t?.close());

  it('a client sending a new X-Forwarded-For each time is limited as the address that connected', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await register('127.0.0.21', port, eventId, { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe('TRUST_PROXY with named proxies: a client connecting directly is not one of them', () => {
  let t: TestApp;
  let port: number;
  let eventId: number;
  beforeAll(async () => {
    ({ t, port, eventId } = await listening({ TRUST_PROXY: '127.0.0.1' }));
  });
  afterAll(() => t?.close());

  it('forged X-Forwarded-For from 127.0.0.31 (not a trusted proxy) gains nothing', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await register('127.0.0.31', port, eventId, { 'x-forwarded-for': `192.0.2.${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe('TRUST_PROXY is read as Fastify takes it, and a wrong value is one sentence', () => {
  const read = (value: string) => loadConfig({ TRUST_PROXY: value, DATABASE_PATH: '/tmp/x.db' }).trustProxy;
  it('takes loopback, a hop count, addresses and CIDRs', () => {
    expect(read('loopback')).toEqual(['loopback']);
    expect(read('2')).toBe(2);
    expect(read('10.0.0.1, 172.16.0.0/12,::1')).toEqual(['10.0.0.1', '172.16.0.0/12', '::1']);
    expect(loadConfig({ DATABASE_PATH: '/tmp/x.db' }).trustProxy).toBeUndefined();
  });
  it('refuses what would trust anyone, or is not an address', () => {
    expect(() => read('true')).toThrow(/^TRUST_PROXY must be loopback, a hop count, or IP addresses and CIDRs/);
    expect(() => read('0')).toThrow(/TRUST_PROXY must be a hop count of 1 or more/);
    expect(() => read('10.0.0.0/33')).toThrow(/not "10.0.0.0\/33"/);
  });
});

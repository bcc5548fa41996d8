import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Webhook URLs that point into the machine or its private networks: refused unless allow-listed. */
const REFUSED = [
  'http://127.0.0.1/hook',
  'http://127.8.9.10:8080/hook',
  'http://10.0.0.5/hook',
  'http://10.255.255.254/hook',
  'http://172.16.0.1/hook',
  'http://172.31.255.254/hook',
  'http://192.168.1.20/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://0.0.0.0/hook',
  'http://[::1]/hook',
  'http://[fe80::1]/hook',
  'http://[fd12:3456::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:10.1.2.3]/hook',
  // IPv4 inside IPv6 (IPv4-compatible, NAT64, 6to4), deprecated site-local, benchmarking and documentation ranges.
  'http://[::127.0.0.1]/hook',
  'http://[64:ff9b::7f00:1]/hook',
  'http://[2002:7f00:1::]/hook',
  'http://[fec0::1]/hook',
  'http://198.18.0.1/hook',
  'http://192.0.2.10/hook',
  'http://[2001:db8::1]/hook',
  'http://100.64.0.1/hook',
  'http://224.0.0.1/hook',
  // DNS names resolving there.
  'http://localhost/hook',
  'https://localhost:8443/hook',
];

/** Just outside the private ranges: public addresses, accepted. */
const ACCEPTED = ['https://172.32.0.1/hook', 'https://11.0.0.1/hook', 'https://192.169.0.1/hook', 'https://[2606:4700::1111]/hook', 'https://198.20.0.1/hook'];

let t: TestApp;
let allowing: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  allowing = await startTestApp({ CHANNEL_ALLOW_HOSTS: '127.0.0.1,localhost:8443' });
});
afterAll(async () => {
  await t.close();
  await allowing.close();
});

const create = (app: TestApp['app'], url: string) =>
  app.inject({ method: 'POST', url: '/v1/channels', headers: seedMember(app, 'coordinator').auth, payload: { kind: 'webhook', name: `Hook ${url}`, config: { url } } });

describe('webhook URLs', () => {
  it.each(REFUSED)('refuses %s with a 400 naming the field', async (url) => {
    const res = await create(t.app, url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, field: 'config.url', detail: expect.stringMatching(/is not public|does not resolve/) });
  });

  it.each(ACCEPTED)('accepts the public address %s', async (url) => {
    expect((await create(t.app, url)).statusCode).toBe(201);
  });

  it('refuses URLs that are not http(s)', async () => {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1/', 'ftp://example.org/x']) {
      expect((await create(t.app, url)).json()).toMatchObject({ status: 400, field: 'config.url' });
    }
  });

  it('accepts a private host named in CHANNEL_ALLOW_HOSTS (host, or host:port), and only that', async () => {
    expect((await create(allowing.app, 'http://127.0.0.1:9000/hook')).statusCode).toBe(201);
    expect((await create(allowing.app, 'https://localhost:8443/hook')).statusCode).toBe(201);
    expect((await create(allowing.app, 'http://localhost:9000/hook')).statusCode).toBe(400);
    expect((await create(allowing.app, 'http://10.0.0.5/hook')).statusCode).toBe(400);
  });
});

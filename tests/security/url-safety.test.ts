import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { callJson } from '../../src/channels/adapters/http.js';
import { startReceiver } from '../helpers/http-receiver.js';

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

describe('DNS rebinding: the connection uses the resolution that was checked', () => {
  type Resolver = NonNullable<Parameters<typeof callJson>[2]['resolve']>;
  /** A name server as an attacker runs one: each question about the name gets the next answer. */
  function answering(...answers: string[]): { resolve: Resolver; asked: () => number } {
    let asked = 0;
    const resolve = ((_host: string, _options: unknown, callback: (error: Error | null, addresses: Array<{ address: string; family: number }>) => void) => {
      const address = answers[Math.min(asked++, answers.length - 1)]!;
      callback(null, [{ address, family: 4 }]);
    }) as unknown as Resolver;
    return { resolve, asked: () => asked };
  }
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 200, body: { ok: true } }));
  });
  afterAll(() => receiver?.close());
  const hook = () => `http://rebind.attacker.example:${new URL(receiver.url).port}/hook`;

  it('a name that answers a public address to the check and 127.0.0.1 to the connection reaches nothing', async () => {
    const dns = answering('93.184.216.34', '127.0.0.1');
    const sent = callJson(hook(), '{}', { allowHosts: [], resolve: dns.resolve });
    await expect(sent).rejects.toMatchObject({ options: { permanent: true }, message: expect.stringContaining('now points at an address that is not public (127.0.0.1') });
    expect(dns.asked()).toBe(2);
    expect(receiver.requests).toHaveLength(0);
  });

  it('the connection resolves through the checked lookup: an allow-listed name only it knows is reached', async () => {
    const dns = answering('127.0.0.1');
    const answer = await callJson(hook(), '{"hello":1}', { allowHosts: ['rebind.attacker.example'], resolve: dns.resolve });
    expect(answer.status).toBe(200);
    expect(receiver.requests.at(-1)?.json).toEqual({ hello: 1 });
  });
});

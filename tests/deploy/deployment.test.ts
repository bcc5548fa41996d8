import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { freePort } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The shipped deployment files, checked by the programs that will read them (Debian's nginx,
 * openssl, systemd-analyze and promtool; `.ci/run` installs them): `npm run test:deploy`.
 * nginx runs deploy/nginx/chuanglian.conf itself, with only its ports, certificate paths, server
 * name and the service's port filled in, in front of the service (TRUST_PROXY=127.0.0.1).
 */

const DEPLOY = path.join(PROJECT_ROOT, 'deploy');
const run = (command: string, args: string[], cwd?: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the systemd units', () => {
  it('pass systemd-analyze verify with nothing to say', () => {
    const units = ['chuanglian.service', 'chuanglian-worker@.service'].map((unit) => path.join(DEPLOY, 'systemd', unit));
    // verify exits 0 on mere warnings (an unknown key, a bad value): any output is a failure here.
    const said = execFileSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(said).toBe('');
    for (const unit of units) {
      const text = fs.readFileSync(unit, 'utf8');
      for (const setting of ['User=chuanglian', 'EnvironmentFile=/etc/chuanglian/chuanglian.env', 'Restart=on-failure', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes']) expect(text).toContain(setting);
    }
    expect(fs.readFileSync(units[0]!, 'utf8')).toContain('ReadWritePaths=/var/lib/chuanglian');
  });
});

describe('the alert rules', () => {
  it('pass promtool check rules, on series the service exports', () => {
    expect(run('promtool', ['check', 'rules', path.join(DEPLOY, 'prometheus', 'alerts.yml')])).toContain('SUCCESS: 6 rules found');
  });
});

/** A throwaway CA and a certificate for chuanglian.test signed by it, made by openssl. */
function makeCertificates(dir: string) {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls);
  const at = (name: string) => path.join(tls, name);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Test CA', '-keyout', at('ca.key'), '-out', at('ca.pem')]);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=chuanglian.test', '-keyout', at('privkey.pem'), '-out', at('server.csr')]);
  fs.writeFileSync(at('san.ext'), 'subjectAltName=DNS:chuanglian.test\n');
  run('openssl', ['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', at('san.ext'), '-out', at('fullchain.pem')]);
  return { dir: tls, ca: fs.readFileSync(at('ca.pem')) };
}

/** deploy/nginx/chuanglian.conf with its ports, paths and names filled in; nothing else changed. */
function siteConfig(ports: { http: number; https: number; service: number }, tlsDir: string): string {
  return fs
    .readFileSync(path.join(DEPLOY, 'nginx', 'chuanglian.conf'), 'utf8')
    .replaceAll('SERVER_NAME', 'chuanglian.test')
    .replaceAll('/etc/chuanglian/tls', tlsDir)
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${ports.service};`)
    .replace(/listen 80;/, `listen 127.0.0.1:${ports.http};`)
    .replace(/listen \[::\]:80;\n/, '')
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`)
    .replace(/listen \[::\]:443 ssl http2;\n/, '');
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('behind nginx with TLS', () => {
  let work: ReturnType<typeof makeTempDir>;
  let nginx: ChildProcess | undefined;
  let t: TestApp;
  let ca: Buffer;
  let ports: { http: number; https: number; service: number };
  let eventId: number;

  /** A request to nginx over HTTPS (trusting the test CA), from `from` (a loopback address of its own). */
  const viaHttps = (pathname: string, options: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const request = https.request(
        { host: '127.0.0.1', port: ports.https, servername: 'chuanglian.test', ca, path: pathname, method: options.method ?? 'GET', localAddress: options.from, agent: false, headers: { host: 'chuanglian.test', ...options.headers } },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () => {
            const raw = Buffer.concat(chunks);
            const body = reply.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
            resolve({ status: reply.statusCode ?? 0, headers: reply.headers, body: body.toString('utf8') });
          });
        },
      );
      request.on('error', reject);
      request.end(options.body);
    });

  beforeAll(async () => {
    work = makeTempDir('deploy');
    ca = makeCertificates(work.dir).ca;
    ports = { http: await freePort(), https: await freePort(), service: 0 };
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1', PUBLIC_URL: 'https://chuanglian.test', REGISTER_LIMIT_PER_IP: '3' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    ports.service = (t.app.server.address() as AddressInfo).port;
    eventId = (await seedPublishedEvent(t.app, { capacity: 50 })).event.id;

    const prefix = path.join(work.dir, 'nginx');
    for (const folder of ['', 'logs', 'temp']) fs.mkdirSync(path.join(prefix, folder), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'site.conf'), siteConfig(ports, path.join(work.dir, 'tls')));
    const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'temp', name)};`;
    fs.writeFileSync(
      path.join(prefix, 'nginx.conf'),
      `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {}\nhttp {\n  access_log ${prefix}/logs/access.log;\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n  include ${prefix}/site.conf;\n}\n`,
    );
    run('nginx', ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')]);
    nginx = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Until nginx answers (it starts in the background): a wait for something to happen, never for nothing.
    await waitFor(
      () => viaHttps('/healthz').then((a) => a.status === 200, () => false),
      'nginx answering over HTTPS',
    ).catch(() => {
      throw new Error(`nginx did not answer: ${fs.readFileSync(path.join(prefix, 'logs', 'error.log'), 'utf8')}`);
    });
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    if (nginx && nginx.exitCode === null) await new Promise((resolve) => nginx!.once('exit', resolve));
    await t?.close();
    work?.cleanup();
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: ports.http, path: '/events?x=1', headers: { host: 'chuanglian.test' } }, (reply) => {
        reply.resume();
        resolve({ status: reply.statusCode ?? 0, headers: reply.headers, body: '' });
      }).on('error', reject);
    });
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe('https://chuanglian.test/events?x=1');
  });

  it('serves pages and the API over HTTPS: HSTS, __Host- Secure cookies, gzip for HTML and JSON', async () => {
    const page = await viaHttps('/', { headers: { 'accept-language': 'en', 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.body).toContain('<html');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const signin = await viaHttps('/signin', { headers: { 'accept-language': 'en' } });
    const cookies = [signin.headers['set-cookie'] ?? []].flat();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/^__Host-[^;]+;.*Secure/);
    const api = await viaHttps('/v1/events', { headers: { 'accept-encoding': 'gzip' } });
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(api.body).items.map((e: { id: number }) => e.id)).toContain(eventId);
  });

  it('gives each client its own rate limits, and a forged X-Forwarded-For gains nothing', async () => {
    const register = (from: string, n: number, headers: Record<string, string> = {}) =>
      viaHttps(`/v1/events/${eventId}/registrations`, { from, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'Visitor', email: `v${from}-${n}@example.org` }) }).then((a) => a.status);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await register('127.0.0.41', i, { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(first).toEqual([201, 201, 201, 429]);
    expect(await register('127.0.0.42', 0)).toBe(201);
  });
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseEnv } from 'node:util';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { startProcess, type NodeProcess } from '../helpers/node-processes.js';
import { deletePrefix, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { freePort } from '../helpers/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The shipped deployment files, checked by the programs that will read them (Debian's nginx,
 * openssl, systemd-analyze and promtool; `.ci/run` installs them): `npm run test:deploy`.
 * nginx runs deploy/nginx/chuanglian.conf itself, with only its ports, certificate paths, server
 * name and the service's port filled in, in front of the compiled service started as
 * deploy/systemd/chuanglian.service starts it (its ExecStart, its settings from
 * deploy/chuanglian.env with the placeholders filled in), with Redis and one sender started as
 * chuanglian-worker@1 is. The people and places come from the commands README "Deploying" gives.
 */

const DEPLOY = path.join(PROJECT_ROOT, 'deploy');
const run = (command: string, args: string[], cwd?: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** README "Deploying": each command a person types there is one this file runs or checks. */
const DEPLOYING = (() => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Deploying');
  return readme.slice(start, readme.indexOf('\n## ', start + 5));
})();
const documented = (command: string) => expect(DEPLOYING, `README "Deploying" gives: ${command}`).toContain(command);


describe('the systemd units', () => {
  it('pass systemd-analyze verify with nothing to say', () => {
    const units = ['chuanglian.service', 'chuanglian-worker@.service'].map((unit) => path.join(DEPLOY, 'systemd', unit));
    // verify exits 0 on mere warnings (an unknown key, a bad value): any output is a failure here.
    const said = execFileSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(said).toBe('');
    documented('systemd-analyze verify /etc/systemd/system/chuanglian.service /etc/systemd/system/chuanglian-worker@.service');
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
    documented('promtool check rules deploy/prometheus/alerts.yml');
  });
});

/** A throwaway CA and a certificate for chuanglian.test signed by it, made by openssl. */
function makeCertificates(dir: string) {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls);
  const at = (name: string) => path.join(tls, name);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Test CA', '-keyout', at('ca.key'), '-out', at('ca.pem')]);
  documented('openssl req -x509 -newkey rsa:2048 -nodes');
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

/**
 * deploy/chuanglian.env as an office fills it in: its placeholders replaced (and its folders, ports
 * and Redis prefix made this test's own), nothing else. One line is added: a small registration
 * limit, so the rate-limit test needs four requests, not three hundred.
 */
function settingsFile(dir: string, values: { port: number; smtpUrl: string; redisUrl: string; prefix: string; metricsToken: string }): Record<string, string> {
  const text = fs
    .readFileSync(path.join(DEPLOY, 'chuanglian.env'), 'utf8')
    .replaceAll('/var/lib/chuanglian', path.join(dir, 'data'))
    .replaceAll('SERVER_NAME', 'chuanglian.test')
    .replace(/^PORT=3000$/m, `PORT=${values.port}`)
    .replace(/^REDIS_URL=.*$/m, `REDIS_URL=${values.redisUrl}`)
    .replace(/^REDIS_PREFIX=chuanglian$/m, `REDIS_PREFIX=${values.prefix}`)
    .replace(/^SMTP_URL=.*$/m, `SMTP_URL=${values.smtpUrl}`)
    .replace('SECRET_KEY_FROM_OPENSSL', crypto.randomBytes(32).toString('hex'))
    .replace('METRICS_TOKEN_FROM_OPENSSL', values.metricsToken)
    .replace('OFFICE_NAME', 'Wujiaochang sub-district office');
  // Every placeholder (a word in UPPER_CASE on the right of `=`) has been filled in.
  expect(text.split('\n').filter((line) => /^[A-Z_]+=.*\b[A-Z]{2,}_[A-Z_]+\b/.test(line))).toEqual([]);
  const file = path.join(dir, 'chuanglian.env');
  fs.writeFileSync(file, `${text}REGISTER_LIMIT_PER_IP=3\n`);
  return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * How systemd starts a shipped unit, done here: its ExecStart (this node for /usr/bin/node) in
 * this checkout (for /opt/chuanglian), its Environment= lines under the settings file's, which
 * win as they do in systemd.
 */
function unitProcess(unit: string, settings: Record<string, string>, instance = '') {
  const text = fs.readFileSync(path.join(DEPLOY, 'systemd', unit), 'utf8');
  const values = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!.replaceAll('%i', instance));
  const [command, ...args] = values('ExecStart')[0]!.split(/\s+/);
  expect(command).toBe('/usr/bin/node');
  expect(values('WorkingDirectory')).toEqual(['/opt/chuanglian']);
  const environment: Record<string, string> = Object.fromEntries(values('Environment').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, ...environment, ...settings };
  return { command: process.execPath, args, env };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const decode = (raw: Buffer, encoding: string | undefined) => (encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : raw);

describe('the compiled service, a sender and Redis behind nginx with TLS', () => {
  let work: ReturnType<typeof makeTempDir>;
  let nginx: ChildProcess | undefined;
  let api: NodeProcess | undefined;
  let worker: NodeProcess | undefined;
  let sink: SmtpSink;
  let ca: Buffer;
  let settings: Record<string, string>;
  let ports: { http: number; https: number; service: number };
  let eventId: number;
  const prefix = uniquePrefix('deploy');
  const metricsToken = crypto.randomBytes(24).toString('hex');

  /** A request to nginx over HTTPS (trusting the test CA), from `from` (a loopback address of its own). */
  const viaHttps = (pathname: string, options: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const request = https.request(
        { host: '127.0.0.1', port: ports.https, servername: 'chuanglian.test', ca, path: pathname, method: options.method ?? 'GET', localAddress: options.from, agent: false, headers: { host: 'chuanglian.test', ...options.headers } },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () => resolve({ status: reply.statusCode ?? 0, headers: reply.headers, body: decode(Buffer.concat(chunks), reply.headers['content-encoding']).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(options.body);
    });
  /** The API over HTTPS with a member's token. */
  const call = async (method: string, pathname: string, token: string, body?: unknown) => {
    const answer = await viaHttps(pathname, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (answer.status >= 300) throw new Error(`${method} ${pathname} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as Record<string, unknown> & { id: number };
  };
  /** `npm run cli -- …` in the checkout with the settings file, as README "Deploying" runs it; its last line. */
  const cli = (...args: string[]) => {
    documented(`npm run cli -- ${args[0]}`);
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...settings }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n').at(-1)!;
  };
  const startApi = () => {
    const unit = unitProcess('chuanglian.service', settings);
    return startProcess(unit.command, unit.args, { env: unit.env, cwd: PROJECT_ROOT }, 'Server listening at');
  };

  beforeAll(async () => {
    await requireRedis();
    work = makeTempDir('deploy');
    // What `npm ci` does through `prepare`, and `npm start` before starting: dist/ up to date.
    execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    ca = makeCertificates(work.dir).ca;
    sink = await startSmtpSink();
    ports = { http: await freePort(), https: await freePort(), service: await freePort() };
    settings = settingsFile(work.dir, { port: ports.service, smtpUrl: sink.url, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, metricsToken });

    const prefixDir = path.join(work.dir, 'nginx');
    for (const folder of ['', 'logs', 'temp']) fs.mkdirSync(path.join(prefixDir, folder), { recursive: true });
    // Debian's module files name `modules/…` under nginx's own prefix: the same folder here.
    fs.symlinkSync('/usr/share/nginx/modules', path.join(prefixDir, 'modules'));
    fs.writeFileSync(path.join(prefixDir, 'site.conf'), siteConfig(ports, path.join(work.dir, 'tls')));
    const temp = (name: string) => `${name}_temp_path ${path.join(prefixDir, 'temp', name)};`;
    // As Debian's /etc/nginx/nginx.conf: the installed modules (brotli) are loaded from modules-enabled.
    fs.writeFileSync(
      path.join(prefixDir, 'nginx.conf'),
      `include /etc/nginx/modules-enabled/*.conf;\npid ${prefixDir}/nginx.pid;\nerror_log ${prefixDir}/logs/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log ${prefixDir}/logs/access.log;\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n  include ${prefixDir}/site.conf;\n}\n`,
    );
    run('nginx', ['-t', '-p', prefixDir, '-c', path.join(prefixDir, 'nginx.conf')]);
    documented('nginx -t && systemctl reload nginx');
    nginx = spawn('nginx', ['-p', prefixDir, '-c', path.join(prefixDir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });

    // The first people, as README "Deploying" makes them: the office's coordinator, a park's
    // manager and an organizer, each with an API token.
    const person = (organization: string, kind: string, role: string, email: string) => {
      const organizationId = cli('create-organization', '--name', organization, '--kind', kind);
      return cli('create-member', '--organization', organizationId, '--name', `${role} of ${organization}`, '--email', email, '--role', role);
    };
    person('Wujiaochang sub-district office', 'coordinator', 'coordinator', 'office@chuanglian.test');
    const manager = person('Innovation park', 'park', 'park_manager', 'park@chuanglian.test');
    const organizer = person('Founders club', 'grassroots', 'organizer', 'club@chuanglian.test');

    api = await startApi();
    const unit = unitProcess('chuanglian-worker@.service', settings, '1');
    expect(unit.env.METRICS_PORT).toBe('9461');
    worker = await startProcess(unit.command, unit.args, { env: { ...unit.env, METRICS_PORT: String(await freePort()) }, cwd: PROJECT_ROOT }, 'worker started');
    // Until nginx answers (it starts in the background): a wait for something to happen, never for nothing.
    await waitFor(
      () => viaHttps('/healthz').then((a) => a.status === 200, () => false),
      'nginx answering over HTTPS',
    ).catch(() => {
      throw new Error(`nginx did not answer: ${fs.readFileSync(path.join(prefixDir, 'logs', 'error.log'), 'utf8')}`);
    });

    // A park's venue, a request approved, an event published: all through nginx.
    const parkId = (await call('GET', '/v1/members/me', manager)).organizationId as number;
    const venue = await call('POST', '/v1/venues', manager, { organizationId: parkId, name: 'Hall A', capacity: 50 });
    const booking = await call('POST', '/v1/bookings', organizer, { venueId: venue.id, ...slot(10, '14:00', '18:00'), expectedAttendance: 20, purpose: 'Founder meetup' });
    await call('POST', `/v1/bookings/${booking.id}/approve`, manager, {});
    const event = await call('POST', '/v1/events', organizer, { title: 'AI founders salon', capacity: 50, bookingId: booking.id, start: booking.start, end: booking.end });
    eventId = (await call('POST', `/v1/events/${event.id}/publish`, organizer)).id;
  }, 240_000);
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    if (nginx && nginx.exitCode === null) await new Promise((resolve) => nginx!.once('exit', resolve));
    await worker?.stop();
    await api?.stop();
    await sink?.close();
    await deletePrefix(prefix);
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

  it('serves pages and the API over HTTPS: HSTS, __Host- Secure cookies, brotli or gzip for HTML and JSON, hashed assets for a year', async () => {
    const page = await viaHttps('/', { headers: { 'accept-language': 'en', 'accept-encoding': 'gzip, deflate, br' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.body).toContain('<html');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const gzipped = await viaHttps('/', { headers: { 'accept-language': 'en', 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body).toBe(page.body);

    const signin = await viaHttps('/signin', { headers: { 'accept-language': 'en' } });
    const cookies = [signin.headers['set-cookie'] ?? []].flat();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/^__Host-[^;]+;.*Secure/);

    const json = await viaHttps('/v1/events', { headers: { 'accept-encoding': 'gzip' } });
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(json.body).items.map((e: { id: number }) => e.id)).toContain(eventId);

    const stylesheet = /<link rel="stylesheet" href="(\/assets\/[^"]+)"/.exec(page.body)![1]!;
    const css = await viaHttps(stylesheet, { headers: { 'accept-encoding': 'br' } });
    expect(css.status).toBe(200);
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.headers['cache-control']).toContain('immutable');
  });

  it('links the drawn poster by version, which may be cached for a year', async () => {
    const linked = await waitFor(async () => /<img src="(\/v1\/events\/\d+\/poster\.png\?v=[\w-]+)"/.exec((await viaHttps(`/events/${eventId}`)).body)?.[1], 'the poster drawn and linked by version');
    const poster = await viaHttps(linked);
    expect(poster.status).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect(poster.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('gives each client its own rate limits, and a forged X-Forwarded-For gains nothing; the sender delivers the mail', async () => {
    const register = (from: string, n: number, headers: Record<string, string> = {}) =>
      viaHttps(`/v1/events/${eventId}/registrations`, { from, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'Visitor', email: `v${from}-${n}@example.org` }) }).then((a) => a.status);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await register('127.0.0.41', i, { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(first).toEqual([201, 201, 201, 429]);
    expect(await register('127.0.0.42', 0)).toBe(201);
    // The API hands mail to Redis; the sender (chuanglian-worker@1) sends it over SMTP.
    const mail = await sink.waitForMailTo('v127.0.0.42-0@example.org', 30_000);
    expect(mail.subject).toContain('AI founders salon');
  });

  it('lets Prometheus read the metrics of the service (through nginx) and of the sender, with the token', async () => {
    const metrics = await viaHttps('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^chuanglian_last_backup_age_seconds /m);
    expect((await viaHttps('/metrics')).status).toBe(401);
  });

  it('backs up while running; stops in order; refuses a database from a newer release; restores the backup and starts again', async () => {
    const backup = path.join(settings.BACKUP_DIR!, 'before-trying.db');
    cli('backup', backup);
    expect(new Database(backup, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');

    // systemctl stop: SIGTERM, and each process finishes what it holds and exits 0.
    expect(await worker!.stop('SIGTERM')).toBe(0);
    expect(await api!.stop('SIGTERM')).toBe(0);

    // A database a newer release has migrated: this code will not start on it, and says why in one sentence.
    const live = new Database(settings.DATABASE_PATH);
    live.prepare('insert into __drizzle_migrations (hash, created_at) select ?, max(created_at) + 1000 from __drizzle_migrations').run('from-a-newer-release');
    live.close();
    const refused = await startApi().then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(refused).toContain('exited early');
    expect(refused).toMatch(/The database .* was upgraded by a newer chuanglian than this one/);
    expect(refused).not.toMatch(/^\s+at /m); // one sentence, no stack

    // Going back: the backup in its place (service stopped), then start.
    expect(cli('restore', backup)).toMatch(/Restored/);
    api = await startApi();
    const page = await waitFor(async () => {
      const answer = await viaHttps(`/v1/events/${eventId}`).catch(() => undefined);
      return answer?.status === 200 ? answer : undefined;
    }, 'the restored service answering');
    expect(JSON.parse(page.body).title).toBe('AI founders salon');
  });
});

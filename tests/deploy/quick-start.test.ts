import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { startProcess, type NodeProcess } from '../helpers/node-processes.js';
import { packageScriptArgs } from '../helpers/package-scripts.js';
import { freePort } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `npm start` as the README's quick start runs it: the bundled server (dist/bundle, with V8's code
 * cache; scripts/bundle.mjs) without Redis, sending mail itself. Everything it loads only when first
 * needed (nodemailer, ExcelJS, Swagger UI's files, the drawing thread) is used once here, as built.
 */

describe('npm start, bundled, without Redis', () => {
  let work: ReturnType<typeof makeTempDir>;
  let api: NodeProcess | undefined;
  let base: string;
  let env: Record<string, string>;

  const cli = (...args: string[]) => execFileSync(process.execPath, [...packageScriptArgs('cli'), ...args], { cwd: work.dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').at(-1)!;
  const call = async (method: string, pathname: string, token: string | undefined, body?: unknown) => {
    const answer = await fetch(base + pathname, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (answer.status >= 300) throw new Error(`${method} ${pathname} answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as Record<string, unknown> & { id: number };
  };

  beforeAll(async () => {
    // What `npm ci` does through `prepare`, and `npm start` before starting.
    execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    work = makeTempDir('quick-start');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PATH: process.env.PATH!, HOME: work.dir, DATABASE_PATH: path.join(work.dir, 'chuanglian.db'), MAIL_DIR: path.join(work.dir, 'mail'), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'info' };
    api = await startProcess(process.execPath, packageScriptArgs('start'), { env, cwd: work.dir }, 'Server listening at');
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    work?.cleanup();
  });

  it('runs a whole small job: people by the CLI, a venue approved, an event published, a registration mailed as a file, the list as a workbook, the poster drawn', async () => {
    const person = (organization: string, kind: string, role: string, email: string) => {
      const organizationId = cli('create-organization', '--name', organization, '--kind', kind);
      return cli('create-member', '--organization', organizationId, '--name', `${role} of ${organization}`, '--email', email, '--role', role);
    };
    const manager = person('Innovation park', 'park', 'park_manager', 'park@chuanglian.test');
    const organizer = person('Founders club', 'grassroots', 'organizer', 'club@chuanglian.test');
    const parkId = (await call('GET', '/v1/members/me', manager)).organizationId as number;
    const venue = await call('POST', '/v1/venues', manager, { organizationId: parkId, name: 'Hall A', capacity: 50 });
    const booking = await call('POST', '/v1/bookings', organizer, { venueId: venue.id, ...slot(10, '14:00', '18:00'), expectedAttendance: 20, purpose: 'Founder meetup' });
    await call('POST', `/v1/bookings/${booking.id}/approve`, manager, {});
    const event = await call('POST', '/v1/events', organizer, { title: 'AI founders salon', capacity: 50, bookingId: booking.id, start: booking.start, end: booking.end });
    await call('POST', `/v1/events/${event.id}/publish`, organizer);

    await call('POST', `/v1/events/${event.id}/registrations`, undefined, { name: 'Visitor', email: 'visitor@example.org' });
    // Sent in this process (no Redis): nodemailer, loaded with the first mail, writes it as a file.
    const mailFile = await waitFor(() => {
      const mailDir = path.join(work.dir, 'mail');
      const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : [];
      return files.map((file) => path.join(mailDir, file)).find((file) => fs.readFileSync(file, 'utf8').includes('To: visitor@example.org'));
    }, 'the registration mail written under MAIL_DIR');
    const mail = fs.readFileSync(mailFile, 'utf8');
    expect(mail).toMatch(/^Subject: \S/m);
    expect(mail).toContain('Content-Type: text/calendar');

    const workbook = await fetch(`${base}/v1/events/${event.id}/registrations.xlsx`, { headers: { authorization: `Bearer ${organizer}` } });
    expect(workbook.status).toBe(200);
    // An XLSX file is a ZIP archive.
    expect(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');

    const poster = await waitFor(async () => {
      const answer = await fetch(`${base}/v1/events/${event.id}/poster.png`);
      if (answer.status === 200) return answer;
      await answer.arrayBuffer();
      return undefined;
    }, 'the poster drawn by the drawing thread');
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect((await poster.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('serves the API documentation with Swagger UI files found through the package', async () => {
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    const stylesheet = /href="\.\/(static\/[^"]+\.css)"/.exec(await page.text())?.[1];
    expect(stylesheet).toBeDefined();
    // Each body read to its end: a connection still sending when the server stops holds it open.
    const css = await fetch(`${base}/docs/${stylesheet}`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.swagger-ui');
    const logo = await fetch(`${base}/docs/static/logo.svg`);
    expect(logo.headers.get('content-type')).toContain('image/svg+xml');
    expect(await logo.text()).toContain('<svg');
  });
});

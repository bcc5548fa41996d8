import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { emails, type Role } from '../../src/db/schema.js';
import { createMember } from '../../src/members/members-service.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { startSmtpSink } from './smtp-sink.js';
import { makeTempDir } from './temp-dir.js';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

/** The environment a test app runs with: its own temp folder and SQLite file. */
export function testEnv(dir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_PATH: path.join(dir, 'test.db'),
    SECRET_KEY: TEST_SECRET,
    PUBLIC_URL: 'http://chuanglian.test',
    JOB_BACKOFF_MS: '50',
    JOB_ATTEMPTS: '3',
    OUTBOX_SWEEP_MS: '200',
    // Change notices go out at once here; tests/events/update-settle.test.ts tests the wait.
    UPDATE_SETTLE: 'PT0S',
    // Pictures are drawn when first asked for, not for every event a test publishes (0.4 s of CPU
    // each); tests/posters/ draws ahead as a deployment does.
    POSTERS_AHEAD: 'false',
    ...extra,
  };
}

export interface TestApp {
  app: App;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

/** Builds the real app on a temp SQLite file (inline jobs unless REDIS_URL is passed); silent unless given a logger. */
export async function startTestApp(extra: Record<string, string | undefined> = {}, options: Pick<BuildOptions, 'logger'> = {}): Promise<TestApp> {
  const { dir, cleanup } = makeTempDir();
  const config = loadConfig(testEnv(dir, extra));
  const app = await buildApp({ config, ...options });
  await app.ready();
  return {
    app,
    config,
    dir,
    async close() {
      await app.close();
      cleanup();
    },
  };
}

let sequence = 0;

type Kind = 'park' | 'base' | 'incubator' | 'grassroots' | 'coordinator';

/** Arranges an organization with one member of the given role; returns the member's token. */
export function seedMember(app: App, role: Role, kind?: Kind) {
  const organizationKind = kind ?? (role === 'coordinator' || role === 'service_staff' ? 'coordinator' : role === 'park_manager' ? 'park' : 'grassroots');
  const organization = createOrganization(app.deps, { name: `Org ${++sequence} ${process.pid}`, kind: organizationKind });
  return seedMemberIn(app, organization, role);
}

/** Arranges one more member of an existing organization. */
export function seedMemberIn(app: App, organization: { id: number; name: string; kind: Kind }, role: Role, language: 'en' | 'zh-CN' = 'en') {
  const n = ++sequence;
  const { member, token } = createMember(app.deps, organization.id, {
    name: `Person ${n}`,
    email: `person${n}-${process.pid}@example.org`,
    role,
    language,
  });
  return { organization, member, token, auth: { authorization: `Bearer ${token}` } };
}

/** Admits a person through the API, as a coordinator (a fresh one unless `by` is given); asserts 201. */
export async function admitViaApi(
  app: App,
  person: { name: string; email: string; language?: 'en' | 'zh-CN' },
  by: ReturnType<typeof seedMember> = seedMember(app, 'coordinator'),
) {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/organizations/${by.organization.id}/members`,
    headers: by.auth,
    payload: { role: 'coordinator', ...person },
  });
  if (res.statusCode !== 201) throw new Error(`Admitting ${person.email} answered ${res.statusCode}: ${res.body}`);
  return res.json<{ member: { id: number; email: string }; token: string }>();
}

/** The outbox row of the mail sent to this address. */
export function emailRowTo(app: App, address: string) {
  return app.db.select().from(emails).where(eq(emails.toAddress, address)).get();
}

/** A test app whose mail goes to a real SMTP server of its own (`sink`). */
export async function startTestAppWithMail(extra: Record<string, string | undefined> = {}) {
  const sink = await startSmtpSink();
  const t = await startTestApp({ SMTP_URL: sink.url, ...extra });
  return {
    ...t,
    sink,
    async close() {
      await t.close();
      await sink.close();
    },
  };
}

/** Starts a test app before this file's tests and closes it after; the handle fills in at start. */
export function useTestApp(extra: Record<string, string | undefined> = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    Object.assign(handle, await startTestApp(extra));
  });
  afterAll(() => handle.close?.());
  return handle;
}

/** Like useTestApp, with a real SMTP sink of the app's own as `sink`. */
export function useTestAppWithMail(extra: Record<string, string | undefined> = {}) {
  const handle = {} as Awaited<ReturnType<typeof startTestAppWithMail>>;
  beforeAll(async () => {
    Object.assign(handle, await startTestAppWithMail(extra));
  });
  afterAll(() => handle.close?.());
  return handle;
}

/** Like useTestApp, with a coordinator seeded at start (`coordinator`): where the office's tests begin. */
export function useTestAppWithCoordinator(extra: Record<string, string | undefined> = {}) {
  const handle = {} as TestApp & { coordinator: ReturnType<typeof seedMember> };
  beforeAll(async () => {
    Object.assign(handle, await startTestApp(extra));
    handle.coordinator = seedMember(handle.app, 'coordinator');
  });
  afterAll(() => handle.close?.());
  return handle;
}

import path from 'node:path';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Role } from '../../src/db/schema.js';
import { createMember } from '../../src/members/members-service.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
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
    ...extra,
  };
}

export interface TestApp {
  app: App;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

/** Builds the real app on a temp SQLite file (inline jobs unless REDIS_URL is passed). */
export async function startTestApp(extra: Record<string, string | undefined> = {}): Promise<TestApp> {
  const { dir, cleanup } = makeTempDir();
  const config = loadConfig(testEnv(dir, extra));
  const app = await buildApp({ config });
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

/** Arranges an organization with one member of the given role; returns the member's token. */
export function seedMember(app: App, role: Role, kind?: 'park' | 'base' | 'incubator' | 'grassroots' | 'coordinator') {
  const n = ++sequence;
  const organizationKind = kind ?? (role === 'coordinator' ? 'coordinator' : role === 'park_manager' ? 'park' : 'grassroots');
  const organization = createOrganization(app.db, { name: `Org ${n} ${process.pid}`, kind: organizationKind });
  const { member, token } = createMember(app.db, app.config.publicUrl, organization.id, {
    name: `Person ${n}`,
    email: `person${n}-${process.pid}@example.org`,
    role,
  });
  return { organization, member, token, auth: { authorization: `Bearer ${token}` } };
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { resolveSecretKey } from '../../src/config/secret-key.js';
import { settingsOf } from '../../src/config/config-schema.js';
import { configTable, withConfigTable } from '../../src/config/config-table.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('config');
afterAll(() => temp.cleanup());

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databasePath: '/srv/app/data/chuanglian.db',
      mailDir: '/srv/app/data/mail',
      redisUrl: undefined,
      smtpUrl: undefined,
      publicUrl: 'http://localhost:3000',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['REGISTRATION_HOLD', '30m', /REGISTRATION_HOLD must be an ISO 8601 duration from PT1M to P1W, such as PT30M \(got "30m"\)/],
    ['REGISTRATION_HOLD', 'PT10S', /REGISTRATION_HOLD must be an ISO 8601 duration/],
    ['PORT', '70000', /PORT must be a whole number from 0 to 65535/],
    ['REDIS_URL', 'http://localhost:6379', /REDIS_URL must start with redis: or rediss:/],
    ['SMTP_URL', 'not a url', /SMTP_URL must be a URL/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL must start with http: or https:/],
    ['SECRET_KEY', 'short', /SECRET_KEY must be at least 32 characters/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['JOB_ATTEMPTS', '0', /JOB_ATTEMPTS must be a whole number from 1/],
  ])('refuses %s=%s with one sentence naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  // The whole service is loaded from TypeScript before the setting is read: on a loaded 2-core
  // machine that took over 20 s once (killed, status null), so it has time.
  it('stops the service with a one-line message naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'nope', DATABASE_PATH: path.join(temp.dir, 'never.db') },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Configuration error: PORT must be a whole number from 0 to 65535 (got "nope").');
    expect(fs.existsSync(path.join(temp.dir, 'never.db'))).toBe(false);
  }, 120_000);

  it('generates SECRET_KEY into the data folder once and reuses it', () => {
    const config = loadConfig({ DATABASE_PATH: path.join(temp.dir, 'data', 'x.db') });
    const logged: string[] = [];
    const first = resolveSecretKey(config, (m) => logged.push(m));
    const second = resolveSecretKey(config, (m) => logged.push(m));
    expect(first).toHaveLength(43);
    expect(second).toBe(first);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/SECRET_KEY is not set: generated/);
    expect(fs.statSync(path.join(temp.dir, 'data', 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('is documented from its schema: the README table is the generated one, and .env.example names only real settings', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme, 'the README table is stale: run npm run docs:config').toBe(withConfigTable(readme));
    const variables = settingsOf().map((setting) => setting.schema.env);
    for (const name of variables) expect(configTable()).toContain(`| \`${name}\` |`);
    const example = [...fs.readFileSync('.env.example', 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect(example.length).toBeGreaterThan(10);
    expect(example.filter((name) => !variables.includes(name!))).toEqual([]);
  });
});

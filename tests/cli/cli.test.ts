import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testEnv } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';


const temp = makeTempDir('cli');
afterAll(() => temp.cleanup());
const env = { ...process.env, ...testEnv(temp.dir) };

/** Runs `npm run -s cli -- …` exactly as the README tells people to. */
function cli(...args: string[]) {
  const result = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, last: result.stdout.trim().split('\n').at(-1) ?? '' };
}

// Each command is a process of its own (node + npm): on a loaded 2-core machine one can take tens of seconds.
describe('command line', { timeout: 300_000 }, () => {
  it('bootstraps the first coordinator: organization id and token on the last line', async () => {
    const org = cli('create-organization', '--name', 'Wujiaochang Sub-district Office', '--kind', 'coordinator');
    expect(org.status).toBe(0);
    expect(org.last).toMatch(/^\d+$/);
    // -s leaves nothing but the command's own output.
    expect(org.stdout).toBe(`Created organization "Wujiaochang Sub-district Office" (coordinator) with id:\n${org.last}\n`);

    const member = cli('create-member', '--organization', org.last, '--name', 'Gao Jing', '--email', 'gao@office.example', '--role', 'coordinator');
    expect(member.status).toBe(0);
    expect(member.last).toMatch(/^cl_[\w-]{43}$/);

    // The token works against the service built on the same database.
    const app = await buildApp({ config: loadConfig(testEnv(temp.dir)) });
    const res = await app.inject({ method: 'GET', url: '/v1/members/me', headers: { authorization: `Bearer ${member.last}` } });
    expect(res.json()).toMatchObject({ email: 'gao@office.example', role: 'coordinator' });

    // A sign-in link for the site, printed instead of mailed: it opens the confirmation page.
    const link = cli('signin-link', '--email', 'GAO@office.example');
    expect(link.status).toBe(0);
    const url = new URL(link.last);
    expect(url.pathname).toMatch(/^\/signin\/[\w-]+\.[\w-]+$/);
    const page = await app.inject({ method: 'GET', url: url.pathname + url.search, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Continue to sign in as Gao Jing');
    await app.close();
    expect(cli('signin-link', '--email', 'nobody@office.example').stderr).toContain('No member has the email nobody@office.example.');
  });

  it('exports and erases a person’s data for a request made in person, audited without the address', async () => {
    const app = await buildApp({ config: loadConfig(testEnv(temp.dir)) });
    expect((await app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email: 'asked@example.org' } })).statusCode).toBe(202);
    await app.close();
    const exported = cli('privacy-export', '--email', 'Asked@example.org');
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ subject: { email: 'asked@example.org' }, subscriptions: [{ email: 'asked@example.org', status: 'pending' }] });
    const erased = cli('privacy-erase', '--email', 'asked@example.org');
    expect(erased.status, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ erased: { subscribers: 1, emails: 1 } });
    expect(JSON.parse(cli('privacy-export', '--email', 'asked@example.org').stdout).subscriptions).toEqual([]);
    const db = new Database(path.join(temp.dir, 'test.db'), { readonly: true });
    const trail = db.prepare("select action, via, after from audit_entries where entity_type = 'personal_data' order by id").all() as Array<{ action: string; via: string; after: string }>;
    db.close();
    expect(trail.map((e) => `${e.action} via ${e.via}`)).toEqual(['export via cli', 'erase via cli', 'export via cli']);
    expect(JSON.stringify(trail)).not.toContain('asked@');
    const none = cli('privacy-erase');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('privacy-erase needs --email or --mobile.');
    // The erasure is on the list, with its counts and no address.
    const listed = cli('privacy-erasures', '--limit', '5');
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).items).toMatchObject([{ reason: 'in_person', by: null, counts: { subscribers: 1, emails: 1 } }]);
    expect(listed.stdout).not.toContain('asked@');
    expect(cli('privacy-erasures', '--limit', 'lots').stderr).toContain('whole number from 1 to 200');
  });

  it('explains a wrong flag value and exits non-zero', () => {
    const result = cli('create-organization', '--name', 'X', '--kind', 'castle');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--kind must be one of park, base, incubator, grassroots, coordinator (got "castle").');
  });

  it('reports a rule the service enforces, such as a duplicate name', () => {
    cli('create-organization', '--name', 'Dup Park', '--kind', 'park');
    const again = cli('create-organization', '--name', 'Dup Park', '--kind', 'park');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('An organization named "Dup Park" already exists');
  });

  it('migrates an empty database', () => {
    const migrate = spawnSync('npm', ['run', '-s', 'cli', '--', 'migrate'], {
      env: { ...env, DATABASE_PATH: path.join(temp.dir, 'fresh', 'db.sqlite') },
      encoding: 'utf8',
    });
    expect(migrate.status).toBe(0);
    const db = new Database(path.join(temp.dir, 'fresh', 'db.sqlite'), { readonly: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
    db.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['organizations', 'members', 'api_tokens', 'emails']));
  });

  it('backs up the database online while another process keeps writing; the backup is sound and a restore serves it', { timeout: 120_000 }, async () => {
    const office = cli('create-organization', '--name', 'Backup office', '--kind', 'coordinator').last;
    const token = cli('create-member', '--organization', office, '--name', 'Lin Bo', '--email', 'lin@office.example', '--role', 'coordinator').last;
    // A writer in another process inserts organizations before, during and after the backup.
    const dbPath = path.join(temp.dir, 'test.db');
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D=require('better-sqlite3');const db=new D(process.argv[1]);db.pragma('busy_timeout=5000');
         const ins=db.prepare("insert into organizations(name,kind) values(?, 'incubator')");
         let i=0,stop=false;process.stdin.on('data',()=>{stop=true;});
         (function loop(){for(let k=0;k<20;k++)ins.run('writer-'+(i++));if(stop){db.close();process.exit(0);}setImmediate(loop);})();`,
        dbPath,
      ],
      { cwd: process.cwd(), stdio: ['pipe', 'ignore', 'inherit'] },
    );
    const writerExit = new Promise((resolve) => writer.on('exit', resolve));
    const written = () => {
      const original = new Database(dbPath, { readonly: true });
      try {
        return (original.prepare("select count(*) n from organizations where name like 'writer-%'").get() as { n: number }).n;
      } finally {
        original.close();
      }
    };
    const target = path.join(temp.dir, 'backup', 'copy.db');
    let last: number;
    try {
      await waitFor(() => written() > 0, 'the writer has started');
      const backup = spawnSync('npm', ['run', '-s', 'cli', '--', 'backup', target], { env, encoding: 'utf8', timeout: 60_000 });
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout.trim()).toBe(`Backed up ${dbPath} to ${target}.`);

      const copy = new Database(target, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n: copied, last: lastCopied } = copy.prepare("select count(*) n, max(id) last from organizations where name like 'writer-%'").get() as { n: number; last: number };
      copy.close();
      expect(copied).toBeGreaterThan(0);
      // The writer was never blocked by the backup: it goes on after the snapshot.
      await waitFor(() => written() > copied, 'the writer writing after the snapshot');
      last = lastCopied;
    } finally {
      writer.stdin.end('stop\n');
      await writerExit;
    }

    // Restore (as the README says): the backup becomes a service's database; the same token works and it serves the snapshot.
    const restored = makeTempDir('restored');
    const restore = spawnSync('npm', ['run', '-s', 'cli', '--', 'restore', target], { env: { ...process.env, ...testEnv(restored.dir) }, encoding: 'utf8', timeout: 60_000 });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored ${path.join(restored.dir, 'test.db')} from ${target}.`);
    const app = await buildApp({ config: loadConfig(testEnv(restored.dir)) });
    try {
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect((await get('/v1/members/me')).json()).toMatchObject({ email: 'lin@office.example' });
      expect((await get(`/v1/organizations/${last}`)).json()).toMatchObject({ id: last, name: expect.stringMatching(/^writer-/) });
      expect((await get(`/v1/organizations/${last + 1}`)).statusCode).toBe(404);
    } finally {
      await app.close();
      restored.cleanup();
    }
  });
  it('loads the sample green-channel catalogue; a bad file is refused whole, each bad row by its line', async () => {
    const app = await buildApp({ config: loadConfig(testEnv(temp.dir)) });
    const { createCentre } = await import('../../src/green-channel/catalogue.js');
    createCentre(app.deps, { name: '五角场社区事务受理服务中心' });
    await app.close();

    const sample = cli('import-services', 'samples/green-channel-catalogue.sample.csv');
    expect(sample.status, sample.stderr).toBe(0);
    expect(sample.last).toBe('Imported 4 services in 3 categories from samples/green-channel-catalogue.sample.csv.');
    const count = () => new Database(path.join(temp.dir, 'test.db'), { readonly: true }).prepare('select count(*) as n from service_items').get() as { n: number };
    expect(count().n).toBe(4);

    const bad = path.join(temp.dir, 'bad.csv');
    fs.writeFileSync(bad, ['category_code,category_en,category_zh,item_code,item_en,item_zh,description_en,description_zh,bring_en,bring_zh,duration_minutes,seats_per_slot,centres', 'tax,Tax,税务,vat,VAT,增值税,,,,,20,2,*', 'tax,Tax,税务,stamp,Stamp duty,印花税,,,,,often,2,*', 'tax,Tax,税务,audit,Audit,审计,,,,,30,1,Nowhere centre'].join('\n'));
    const refused = cli('import-services', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('line 3: duration_minutes "often" must be a whole number from 5 to 480');
    expect(refused.stderr).toContain('line 4: no centre "Nowhere centre"');
    expect(count().n).toBe(4);
  });
});

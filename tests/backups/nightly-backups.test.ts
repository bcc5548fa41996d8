import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Nightly backups (BACKUP_DIR, BACKUP_AT, BACKUP_KEEP), run by moving the clock. */

const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Shanghai' }).toMillis();
/** Tomorrow in Shanghai: the events the fixtures make (10 days on, by the real date) are still ahead. */
const DAY = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).toISODate()!;
const named = (date: string, time: string) => `chuanglian-${date.replaceAll('-', '')}-${time}.db`;
const nightAfter = (n: number) => DateTime.fromISO(DAY).plus({ days: n }).toISODate()!;

let t: TestApp;
let coordinator: ReturnType<typeof seedMember>;
const folder = makeTempDir('backups');
beforeAll(async () => {
  testClock.freeze(at(DAY, '01:00'));
  t = await startTestApp({ BACKUP_DIR: folder.dir, BACKUP_AT: '02:30', BACKUP_KEEP: 'P3D', METRICS_TOKEN: 'scrape-token-0123456789-abcdef' });
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(async () => {
  await t?.close();
  folder.cleanup();
  testClock.reset();
});

const files = () => fs.readdirSync(folder.dir).sort();
const readyz = async () => (await t.app.inject({ method: 'GET', url: '/readyz' })).json();
const backupAge = async () => /^chuanglian_last_backup_age_seconds (\d+)$/m.exec((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456789-abcdef' } })).body)?.[1];

describe('nightly backups', () => {
  it('writes an online backup at BACKUP_AT (Shanghai), checks it, says so on /readyz and /metrics, and keeps BACKUP_KEEP of them', async () => {
    const { event } = await seedPublishedEvent(t.app, { title: 'Backed-up salon' });
    await settle(t.app);
    expect(files()).toEqual([]);
    expect((await readyz()).backup).toEqual({ lastGood: null, file: null });
    expect(await backupAge()).toBe('0'); // since the start, until a first backup

    testClock.set(at(DAY, '02:29'));
    await settle(t.app);
    expect(files()).toEqual([]);
    testClock.set(at(DAY, '02:31'));
    await settle(t.app);
    expect(files()).toEqual([named(DAY, '023100')]);
    // A whole copy: it passes integrity_check and holds what the service held.
    const copy = new Database(path.join(folder.dir, files()[0]!), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('select title from events where id = ?').get(event.id)).toEqual({ title: 'Backed-up salon' });
    copy.close();
    expect((await readyz()).backup).toEqual({ lastGood: new Date(at(DAY, '02:31')).toISOString(), file: named(DAY, '023100') });
    testClock.advance(10 * 60_000);
    expect(await backupAge()).toBe('600');

    // Night after night at 02:30; after BACKUP_KEEP (3 days) the oldest go.
    for (let night = 1; night <= 4; night++) {
      testClock.set(at(nightAfter(night), '02:30') + 30_000);
      await settle(t.app);
    }
    expect(files()).toEqual([1, 2, 3, 4].map((n) => named(nightAfter(n), '023030')));
    expect(coordinator.member.id).toBeGreaterThan(0);
  });
});

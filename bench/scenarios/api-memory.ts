import Database from 'better-sqlite3';
import { arrangeFanOut } from '../lib/fan-out-fixture.js';
import { distinctListingPaths, seedPublishedEvents } from '../lib/listing-fixture.js';
import { loadDistinct } from '../lib/burst.js';
import { ensureDist } from '../lib/dist.js';
import { memoryMb, startApiProcess } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../../tests/helpers/redis.js';
import { freePort } from '../../tests/helpers/chromium.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';
import { TEST_SECRET } from '../../tests/helpers/test-app.js';

const SUBSCRIBERS = 100_000;
const EVENTS = 1_000;
const LOAD_SECONDS = 5;

/** Polls the database file (read-only, beside the service's own connection) until every delivery is in the queue. */
async function untilEnqueued(file: string, count: number, sample: () => void): Promise<void> {
  const reader = new Database(file, { readonly: true });
  try {
    const queued = reader.prepare('select count(*) as n from deliveries where enqueued_at is not null');
    for (;;) {
      sample();
      if ((queued.get() as { n: number }).n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    reader.close();
  }
}

/**
 * The API process as `npm start` runs it in production (compiled, jobs on BullMQ) on a database
 * holding 100,000 confirmed subscribers and 1,000 published events, one of them announced but not
 * yet fanned out. The service fans it out on start (100,000 deliveries written and handed to
 * Redis; no worker, so they stay queued), then answers every listing page, 5 s of listings no two
 * alike and 5 s of event pages. Its resident set is read from /proc after all that, and its peak.
 */
export async function apiMemory(): Promise<Row[]> {
  await requireRedis();
  ensureDist();
  const { dir, cleanup } = makeTempDir('bench-memory');
  const prefix = uniquePrefix('bench-memory');
  const file = `${dir}/api.db`;
  try {
    const fixture = await arrangeFanOut(SUBSCRIBERS, { DATABASE_PATH: file });
    const { parkIds, eventIds } = seedPublishedEvents(fixture.service.app.db, EVENTS - 1, 8);
    await fixture.service.close();

    // Pictures of the 1,000 seeded events are not drawn here: the row measures fan-out and reading
    // (the drawing thread is measured in the posters scenario).
    const api = await startApiProcess({ DATABASE_PATH: file, SECRET_KEY: TEST_SECRET, PUBLIC_URL: 'http://chuanglian.test', REDIS_URL, REDIS_PREFIX: prefix, POSTERS_AHEAD: 'false' }, await freePort());
    try {
      const pid = api.child.pid!;
      const began = performance.now();
      let peakDuringFanOut = 0;
      await untilEnqueued(file, SUBSCRIBERS, () => (peakDuringFanOut = Math.max(peakDuringFanOut, memoryMb(pid).now)));
      const fanOutSeconds = (performance.now() - began) / 1000;

      let pages = 0;
      for (let cursor: string | null = ''; cursor !== null; pages++) {
        const page = (await (await fetch(`${api.url}/v1/events?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { nextCursor: string | null };
        cursor = page.nextCursor;
      }
      const listings = await loadDistinct(distinctListingPaths(50_000, parkIds).map((path) => `${api.url}${path}`), 20, LOAD_SECONDS);
      const eventPages = await loadDistinct(eventIds.map((id) => `${api.url}/events/${id}`), 20, LOAD_SECONDS);
      if (listings.non2xx || eventPages.non2xx) throw new Error('the service refused requests during the memory run');
      const memory = memoryMb(pid);
      return [
        {
          measure: `API process RSS (npm start, BullMQ) after fanning out to ${SUBSCRIBERS.toLocaleString('en')} subscribers (${fanOutSeconds.toFixed(1)} s), ${pages} listing pages of ${EVENTS.toLocaleString('en')} events, ${listings.requests} distinct listings and ${eventPages.requests} event pages`,
          result: `${memory.now.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB; ${peakDuringFanOut.toFixed(0)} MB during the fan-out)`,
          baseline: '—',
          ratio: '—',
          target: '< 200 MB',
          met: memory.now < 200,
        },
      ];
    } finally {
      await api.stop();
    }
  } finally {
    await deletePrefix(prefix);
    cleanup();
  }
}

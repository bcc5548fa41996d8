import { sql } from 'drizzle-orm';
import { seedPublishedEvents } from '../lib/listing-fixture.js';
import { loadDistinct } from '../lib/burst.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const EVENTS = 500;
const CONNECTIONS = 20;

/**
 * Posters off the request path (#33). 500 published events whose pictures are not drawn yet, so
 * the drawing thread works through them meanwhile; 1,000 requests, one to each poster and QR
 * address, from a client process on 20 connections, while one more connection of the same client
 * asks /healthz over and over: its p99 is the row. The baseline is /healthz asked the same way
 * with nothing else going on. Then the same with a sustained load (every address, round and
 * round, for BENCH_SECONDS). A request never draws: it reads what the job stored, or answers 202.
 */
export async function posters(seconds: number): Promise<Row[]> {
  const service = await startService({ POSTERS_AHEAD: 'true' });
  const { eventIds } = seedPublishedEvents(service.app.db, EVENTS, 5);
  const drawn = () => service.app.db.get<{ n: number }>(sql`select count(*) as n from event_pictures`).n;
  const health = `${service.url}/healthz`;
  const rest = await loadDistinct([health], 1, 3);

  const urls = eventIds.flatMap((id) => [`${service.url}/v1/events/${id}/poster.png`, `${service.url}/v1/events/${id}/qr.png`]);
  service.app.outbox.kick();
  const once = await loadDistinct(urls, CONNECTIONS, 60, { count: urls.length, probe: health });
  const drawnBefore = drawn();
  const sustained = await loadDistinct(urls, CONNECTIONS, seconds, { probe: health });
  const drawnDuring = drawn() - drawnBefore;
  await service.close();

  return [
    {
      measure: `/healthz p99 during ${once.requests.toLocaleString('en')} poster/QR requests, one to each address of ${EVENTS} events not drawn yet (${CONNECTIONS} conns, ${once.probeRequests} health checks)`,
      result: `${once.probeP99!.toFixed(1)} ms`,
      baseline: `${rest.p99.toFixed(1)} ms (/healthz alone)`,
      ratio: (once.probeP99! / rest.p99).toFixed(2),
      target: 'p99 < 50 ms',
      met: once.probeP99! < 50,
    },
    {
      measure: `the same, sustained for ${seconds} s: ${sustained.requests.toLocaleString('en')} poster/QR requests (${sustained.requestsPerSecond.toFixed(0)}/s) while the drawing thread drew ${drawnDuring} events`,
      result: `${sustained.probeP99!.toFixed(1)} ms`,
      baseline: `${rest.p99.toFixed(1)} ms (/healthz alone)`,
      ratio: (sustained.probeP99! / rest.p99).toFixed(2),
      target: 'p99 < 50 ms',
      met: sustained.probeP99! < 50,
    },
  ];
}

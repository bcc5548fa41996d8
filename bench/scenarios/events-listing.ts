import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { events, members, organizations } from '../../src/db/schema.js';
import { alternate } from '../lib/alternate.js';
import { autocannon } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const EVENTS = 200;

/** GET /v1/events (50 a page) on the real service vs a bare Fastify route serving the same JSON from memory. */
export async function eventsListing(seconds: number): Promise<Row[]> {
  const service = await startService();
  const db = service.app.db;
  const org = db.insert(organizations).values({ name: 'Bench org', kind: 'grassroots' }).returning().get();
  const member = db.insert(members).values({ organizationId: org.id, name: 'Bench', email: 'bench@example.org', role: 'organizer' }).returning().get();
  const now = Date.now();
  db.transaction((tx) => {
    for (let i = 0; i < EVENTS; i++) {
      const start = now + (i + 1) * 3600_000;
      tx.insert(events)
        .values({
          organizationId: org.id,
          createdBy: member.id,
          title: `Founder event ${i}`,
          summary: 'A benchmark event with a realistic summary length for the listing page.',
          topics: ['ai', 'hardware'],
          startAt: new Date(start),
          endAt: new Date(start + 2 * 3600_000),
          onlineUrl: 'https://live.example/room',
          capacity: 100,
          status: 'published',
          publishedAt: new Date(),
          updatedAt: new Date(),
        })
        .run();
    }
  });
  const url = `${service.url}/v1/events?limit=50`;
  const body = await (await fetch(url)).text();

  const bare = Fastify();
  bare.get('/events', async (_request, reply) => reply.type('application/json').send(body));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/events`;

  // In turns (bench/lib/alternate.ts): twice the scenario's seconds of each, in 6 turns.
  const { baseline, ours: real } = await alternate(2 * seconds, 6, (s) => autocannon(bareUrl, { connections: 50, seconds: s }), (s) => autocannon(url, { connections: 50, seconds: s }));
  await bare.close();
  await service.close();

  const ratio = real.requestsPerSecond / baseline.requestsPerSecond;
  return [
    {
      measure: 'GET /v1/events, 50/page, 50 conns: req/s (6 turns each, alternating)',
      result: real.requestsPerSecond.toFixed(0),
      baseline: `${baseline.requestsPerSecond.toFixed(0)} (bare Fastify, same JSON)`,
      ratio: ratio.toFixed(2),
      target: '≥ 0.8 (#36)',
      met: ratio >= 0.8,
    },
    {
      measure: 'GET /v1/events: p99 latency',
      result: `${real.p99} ms`,
      baseline: `${baseline.p99} ms`,
      ratio: (real.p99 / Math.max(1, baseline.p99)).toFixed(2),
      target: '< 25 ms',
      met: real.p99 < 25,
    },
  ];
}

import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { distinctListingPaths, seedPublishedEvents } from '../lib/listing-fixture.js';
import { loadDistinct } from '../lib/burst.js';
import { alternate } from '../lib/alternate.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const EVENTS = 500;
const PARKS = 5;
const CONNECTIONS = 50;

/**
 * Listing requests no cache can answer (#22): 500 published events at 5 parks' venues, and every
 * request of the run asks something different — a different `from` instant, with now a word of
 * the title (`q`), now a topic, now a park. Against a bare Fastify route serving one fixed page
 * from memory, by the same client (a process of its own, 50 connections). Then the public event
 * page (HTML) at random ids, against a bare route serving one such page.
 */
export async function eventsUncached(seconds: number): Promise<Row[]> {
  const service = await startService();
  const { parkIds, eventIds: ids } = seedPublishedEvents(service.app.db, EVENTS, PARKS);
  // Enough that no turn asks an address another turn asked (each starts where the last stopped).
  const urls = distinctListingPaths(150_000, parkIds).map((path) => `${service.url}${path}`);
  const page = await (await fetch(urls[3]!)).text();
  if (!page.includes('"items"')) throw new Error(`unexpected listing: ${page.slice(0, 200)}`);

  const bare = Fastify();
  bare.get('/v1/events', async (_request, reply) => reply.type('application/json').send(page));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
  // In turns (bench/lib/alternate.ts): twice the scenario's seconds of each, in 6 turns.
  const bareUrls = urls.map((url) => url.replace(service.url, bareBase));
  let asked = 0;
  const fresh = async (list: string[], s: number) => {
    const run = await loadDistinct(list.slice(asked % list.length), CONNECTIONS, s);
    asked += run.requests;
    return run;
  };
  const { baseline, ours: real } = await alternate(2 * seconds, 6, (s) => fresh(bareUrls, s), (s) => fresh(urls, s));
  await bare.close();
  if (real.non2xx) throw new Error(`${real.non2xx} listing requests were refused`);

  // The public event page (HTML), random ids: the same client against a bare route serving one page.
  const pageUrls = Array.from({ length: 20_000 }, (_, i) => `${service.url}/events/${ids[(i * 7919) % ids.length]}`);
  const html = await (await fetch(pageUrls[0]!, { headers: { accept: 'text/html' } })).text();
  if (!html.includes('<h1>')) throw new Error(`unexpected event page: ${html.slice(0, 200)}`);
  const barePage = Fastify();
  barePage.get('/events/:id', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  await barePage.listen({ port: 0, host: '127.0.0.1' });
  const barePageBase = `http://127.0.0.1:${(barePage.server.address() as AddressInfo).port}`;
  const barePageUrls = pageUrls.map((url) => url.replace(service.url, barePageBase));
  const { baseline: pageBaseline, ours: pages } = await alternate(2 * seconds, 6, (s) => loadDistinct(barePageUrls, CONNECTIONS, s), (s) => loadDistinct(pageUrls, CONNECTIONS, s));
  await barePage.close();
  await service.close();
  if (pages.non2xx) throw new Error(`${pages.non2xx} event pages were refused`);
  const pageRatio = pages.requestsPerSecond / pageBaseline.requestsPerSecond;

  const ratio = real.requestsPerSecond / baseline.requestsPerSecond;
  return [
    {
      measure: `GET /v1/events, every request different (from, q, topic, park), ${EVENTS} events, 50/page, ${CONNECTIONS} conns: req/s (6 turns each, alternating)`,
      result: real.requestsPerSecond.toFixed(0),
      baseline: `${baseline.requestsPerSecond.toFixed(0)} (bare Fastify, one page from memory)`,
      ratio: ratio.toFixed(3),
      target: '≥ 0.5 (#36)',
      met: ratio >= 0.5,
    },
    {
      measure: 'the same: p50 / p99 latency',
      result: `${real.p50.toFixed(1)} / ${real.p99.toFixed(1)} ms`,
      baseline: `${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)} ms`,
      ratio: (real.p99 / Math.max(0.1, baseline.p99)).toFixed(2),
      target: 'p99 < 30 ms',
      met: real.p99 < 30,
    },
    {
      measure: `public event page GET /events/:id (HTML), random ids of ${EVENTS}, ${CONNECTIONS} conns, 6 turns each: req/s (p50 / p99)`,
      result: `${pages.requestsPerSecond.toFixed(0)} (${pages.p50.toFixed(1)} / ${pages.p99.toFixed(1)} ms)`,
      baseline: `${pageBaseline.requestsPerSecond.toFixed(0)} (${pageBaseline.p50.toFixed(1)} / ${pageBaseline.p99.toFixed(1)} ms; bare Fastify, one page from memory)`,
      ratio: pageRatio.toFixed(3),
      target: '≥ 0.5; p99 < 30 ms (#36)',
      met: pageRatio >= 0.5 && pages.p99 < 30,
    },
  ];
}

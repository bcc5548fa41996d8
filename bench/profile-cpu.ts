/**
 * `npx tsx bench/profile-cpu.ts`: CPU time per request of the service against a bare Fastify
 * answering the same bytes, over sockets (the load client of bench/lib/burst.ts, 50 connections),
 * in alternating 4 s turns. CPU per request (this process's getrusage over a turn's answers) moves
 * far less with this machine's drift than req/s does, so it shows a change of a few µs.
 * MODE=listing (default: distinct uncached listings, 50 a page), cached (one listing URL), page
 * (public event pages, random ids), healthz. PROFILE_OUT=file also profiles a turn of ours,
 * prints its top functions and keeps it for DevTools; TURNS=n (default 3). A map, not a benchmark.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { loadDistinct } from './lib/burst.js';
import { distinctListingPaths, seedPublishedEvents } from './lib/listing-fixture.js';
import { startService } from './lib/service.js';
import { printSelfTimes, startProfiler } from './lib/profiler.js';

const mode = process.env.MODE ?? 'listing';
const service = await startService();
const { parkIds, eventIds } = seedPublishedEvents(service.app.db, 500, 5);
const paths: Record<string, () => string[]> = {
  listing: () => distinctListingPaths(100_000, parkIds),
  cached: () => ['/v1/events?limit=50'],
  page: () => Array.from({ length: 20_000 }, (_, i) => `/events/${eventIds[(i * 7919) % eventIds.length]}`),
  healthz: () => ['/healthz'],
};
const urls = (paths[mode] ?? paths.listing!)().map((path) => `${service.url}${path}`);
const sample = await fetch(urls[3 % urls.length]!, { headers: { accept: 'text/html' } });
const body = await sample.text();
const bare = Fastify();
bare.get('/*', async (_request, reply) => reply.type(sample.headers.get('content-type') ?? 'application/json').send(body));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrls = urls.map((url) => url.replace(service.url, `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`));

let asked = 0;
async function turn(list: string[], seconds: number) {
  const before = process.cpuUsage();
  const run = await loadDistinct(list.slice(asked % list.length), 50, seconds);
  const used = process.cpuUsage(before);
  asked += run.requests;
  return { rate: run.requestsPerSecond, cpu: (used.user + used.system) / run.requests, p99: run.p99 };
}
await turn(bareUrls, 2);
await turn(urls, 2);
for (let i = 0; i < Number(process.env.TURNS ?? 3); i++) {
  const b = await turn(bareUrls, 4);
  const o = await turn(urls, 4);
  console.log(`${mode}: bare ${b.rate.toFixed(0)} req/s, ${b.cpu.toFixed(1)} µs CPU a request | ours ${o.rate.toFixed(0)} req/s, ${o.cpu.toFixed(1)} µs (p99 ${o.p99.toFixed(1)} ms) | CPU ratio ${(b.cpu / o.cpu).toFixed(2)}, req/s ratio ${(o.rate / b.rate).toFixed(2)}`);
}
if (process.env.PROFILE_OUT) {
  const profiler = await startProfiler();
  await turn(urls, 4);
  printSelfTimes(await profiler.stop());
}
await service.close();
await bare.close();
process.exit(0);

/**
 * `npx tsx bench/profile-floor.ts`: what every request costs before any route's own work. GET
 * /healthz (a constant answer) on the whole service against the same route on a bare Fastify,
 * autocannon, 50 connections, 5 s each, in this one process; then the service's /healthz again
 * with the V8 profiler, printing the top functions and packages by self time. The ratio is the
 * ceiling any route of the service can reach against a bare baseline. A map, not a benchmark.
 */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { autocannon } from './lib/load.js';
import { startService } from './lib/service.js';
import { printSelfTimes, startProfiler } from './lib/profiler.js';

const bare = Fastify();
bare.get('/healthz', async () => ({ ok: true }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/healthz`;
const service = await startService();
const ours = `${service.url}/healthz`;
console.log('ours:', JSON.stringify(await (await fetch(ours)).json()));

await autocannon(bareUrl, { connections: 50, seconds: 2 });
await autocannon(ours, { connections: 50, seconds: 2 });
const floor = await autocannon(bareUrl, { connections: 50, seconds: 5 });
const whole = await autocannon(ours, { connections: 50, seconds: 5 });
console.log(`GET /healthz: ${whole.requestsPerSecond.toFixed(0)} req/s against bare ${floor.requestsPerSecond.toFixed(0)} (${(whole.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}); p99 ${whole.p99} / ${floor.p99} ms`);

const profiler = await startProfiler();
await autocannon(ours, { connections: 50, seconds: 3 });
printSelfTimes(await profiler.stop());
await service.close();
await bare.close();
process.exit(0);

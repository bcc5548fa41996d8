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

const { Session } = await import('node:inspector/promises');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
await autocannon(ours, { connections: 50, seconds: 3 });
const { profile } = await session.post('Profiler.stop');
const self = new Map<string, number>();
const pkg = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples!.forEach((sample, i) => {
  const n = byId.get(sample)!;
  const dt = profile.timeDeltas![i] ?? 0;
  const fn = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(fn, (self.get(fn) ?? 0) + dt);
  const u = n.callFrame.url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  const k = m ? m[1]! : u.includes('/src/') ? 'src/' + u.split('/src/')[1]! : u.startsWith('node:') ? 'node:' : n.callFrame.functionName || '(native)';
  pkg.set(k, (pkg.get(k) ?? 0) + dt);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((100 * v / total).toFixed(1).padStart(5), k);
console.log('--- by package or file');
for (const [k, v] of [...pkg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), k);
await service.close();
await bare.close();
process.exit(0);

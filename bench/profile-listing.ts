/**
 * `npx tsx bench/profile-listing.ts`: where an uncached GET /v1/events goes (`PROFILE=page`: the
 * public event page, GET /events/:id at random ids). Seeds the listing fixture (500 events, 5
 * parks), warms up, then profiles 10,000 requests through app.inject with the V8 profiler and
 * prints the top functions and packages by self time. Not a benchmark (inject is not a socket):
 * a map of where to look next.
 */
import { startService } from './lib/service.js';
import { distinctListingPaths, seedPublishedEvents } from './lib/listing-fixture.js';
const service = await startService();
const { parkIds, eventIds } = seedPublishedEvents(service.app.db, 500, 5);
const paths = process.env.PROFILE === 'page' ? Array.from({ length: 30000 }, (_, i) => `/events/${eventIds[(i * 7919) % eventIds.length]}`) : distinctListingPaths(30000, parkIds);
for (const p of paths.slice(0, 3000)) await service.app.inject({ method: 'GET', url: p });
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.start');
const t0 = performance.now();
for (const p of paths.slice(3000, 13000)) await service.app.inject({ method: 'GET', url: p });
console.log('inject µs/call', ((performance.now() - t0) * 1000 / 10000).toFixed(1));
const { profile } = await session.post('Profiler.stop');
// self time per function
const self = new Map<string, number>();
const dt = profile.timeDeltas!; const samples = profile.samples!;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i]!)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), k);
const pkg = new Map<string, number>();
for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i]!)!; const u = n.callFrame.url; const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); const k = m ? m[1]! : u.includes('/src/') ? 'src/' + u.split('/src/')[1]!.split('/')[0] : u.startsWith('node:') ? 'node:' : (n.callFrame.functionName || '(native)'); pkg.set(k, (pkg.get(k) ?? 0) + (dt[i] ?? 0)); }
console.log('--- by package');
for (const [k, v] of [...pkg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), k);
await service.close(); process.exit(0);

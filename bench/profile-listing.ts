/**
 * `npx tsx bench/profile-listing.ts`: where an uncached GET /v1/events goes (`PROFILE=page`: the
 * public event page, GET /events/:id at random ids). Seeds the listing fixture (500 events, 5
 * parks), warms up, then profiles 10,000 requests through app.inject with the V8 profiler and
 * prints the top functions and packages by self time. Not a benchmark (inject is not a socket):
 * a map of where to look next.
 */
import { startService } from './lib/service.js';
import { printSelfTimes, startProfiler } from './lib/profiler.js';
import { distinctListingPaths, seedPublishedEvents } from './lib/listing-fixture.js';
const service = await startService();
const { parkIds, eventIds } = seedPublishedEvents(service.app.db, 500, 5);
const paths = process.env.PROFILE === 'page' ? Array.from({ length: 30000 }, (_, i) => `/events/${eventIds[(i * 7919) % eventIds.length]}`) : distinctListingPaths(30000, parkIds);
for (const p of paths.slice(0, 3000)) await service.app.inject({ method: 'GET', url: p });
const profiler = await startProfiler();
const t0 = performance.now();
for (const p of paths.slice(3000, 13000)) await service.app.inject({ method: 'GET', url: p });
console.log('inject µs/call', ((performance.now() - t0) * 1000 / 10000).toFixed(1));
printSelfTimes(await profiler.stop());
await service.close(); process.exit(0);

// Profiles the fan-out of one announcement to 10,000 subscribers (or PROFILE_SUBSCRIBERS) step
// by step (audience and delivery rows, building the job payloads, addBulk, marking rows
// enqueued): `npx tsx bench/profile-enqueue.ts`. Not part of `npm run bench`.
import { deliveryOutboxSource } from '../src/deliveries/delivery-outbox.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../tests/helpers/redis.js';
import { arrangeFanOut, writeDeliveries } from './lib/fan-out-fixture.js';

const prefix = uniquePrefix('profile');
const fixture = await arrangeFanOut(Number(process.env.PROFILE_SUBSCRIBERS ?? 10_000), { REDIS_URL, REDIS_PREFIX: prefix });
const { app } = fixture.service;
const ms = { deliveries: 0, claim: 0, addBulk: 0, mark: 0 };
const time = async (step: keyof typeof ms, work: () => unknown) => {
  const began = performance.now();
  const result = await work();
  ms[step] += performance.now() - began;
  return result;
};

await time('deliveries', () => writeDeliveries(fixture));
const source = deliveryOutboxSource(app.db, { publicUrl: 'http://bench.example', unsubscribeMailto: undefined, attempts: 3, backoffMs: 100 });
const runAt = new Date();
let jobs = 0;
let bytes = 0;
for (;;) {
  const claimed = (await time('claim', () => source.claim(runAt, 500))) as ReturnType<typeof source.claim>;
  if (claimed.rowIds.length === 0) break;
  jobs += claimed.jobs.length;
  bytes += JSON.stringify(claimed.jobs).length;
  await time('addBulk', () => app.jobs.addBulk('send', claimed.jobs));
  await time('mark', () => source.markEnqueued(claimed.rowIds, runAt));
}
console.table(Object.fromEntries(Object.entries(ms).map(([step, total]) => [step, { ms: Math.round(total) }])));
console.log(`${jobs} jobs, ${(bytes / 1e6).toFixed(1)} MB of payload`);
await fixture.service.close();
await deletePrefix(prefix);

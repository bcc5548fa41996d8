// Profiles the fan-out of one announcement to 10,000 subscribers step by step (audience and
// delivery rows, rendering job payloads, addBulk, marking): `npx tsx bench/profile-enqueue.ts`.
import { fanOutProcessor } from '../src/announcements/fan-out.js';
import { subscriberAudience } from '../src/subscribers/subscriber-audience.js';
import { deliveryOutboxSource } from '../src/deliveries/delivery-outbox.js';
import { announcements, events, members, organizations, subscribers } from '../src/db/schema.js';
import { startService } from './lib/service.js';
import { REDIS_URL, uniquePrefix, deletePrefix } from '../tests/helpers/redis.js';
const prefix = uniquePrefix('prof');
const s = await startService({ REDIS_URL, REDIS_PREFIX: prefix, OUTBOX_SWEEP_MS: '3600000' });
const db = s.app.db; const now = new Date();
const org = db.insert(organizations).values({ name: 'O', kind: 'grassroots' }).returning().get();
const m = db.insert(members).values({ organizationId: org.id, name: 'M', email: 'm@x.org', role: 'organizer' }).returning().get();
const prefs = { topics: [], parks: [], organizations: [], language: 'en' as const, cadence: 'instant' as const, reminders: false };
db.transaction((tx) => { for (let i = 0; i < 10000; i += 1000) tx.insert(subscribers).values(Array.from({ length: 1000 }, (_, j) => ({ email: `s${i+j}@x.org`, status: 'confirmed' as const, preferences: prefs, confirmedAt: now, updatedAt: now }))).run(); });
const ev = db.insert(events).values({ organizationId: org.id, createdBy: m.id, title: 'T', startAt: new Date(Date.now()+1e8), endAt: new Date(Date.now()+1e8+7e6), onlineUrl: 'https://x', capacity: 10, status: 'published', updatedAt: now }).returning().get();
const a = db.insert(announcements).values({ eventId: ev.id, kind: 'published', sequence: 0 }).returning().get();
const silent = { info() {}, warn() {}, error() {} };
let t = performance.now();
await fanOutProcessor(db, [subscriberAudience], () => {})({ announcementId: a.id }, { jobId: 'x', attempt: 1, maxAttempts: 1, log: silent });
console.log('fan-out db ms', performance.now() - t);
const src = deliveryOutboxSource(db, { publicUrl: 'http://x', secretKey: 'k'.repeat(40), unsubscribeMailto: undefined, attempts: 3, backoffMs: 100 });
const t1 = new Date(); let claimMs = 0, addMs = 0, markMs = 0, bytes = 0;
for (;;) { let t0 = performance.now(); const { rowIds, jobs } = src.claim(t1, 500); claimMs += performance.now() - t0; if (!rowIds.length) break; bytes += JSON.stringify(jobs).length; t0 = performance.now(); await s.app.jobs.addBulk('send', jobs); addMs += performance.now() - t0; t0 = performance.now(); src.markEnqueued(rowIds, t1); markMs += performance.now() - t0; }
console.log({ claimMs, addMs, markMs, MB: bytes / 1e6 });
await s.close(); await deletePrefix(prefix); process.exit(0);

/**
 * `npx tsx bench/profile-registration.ts`: where a registration's time goes, in a burst like the
 * bench's (2,000 people at once for 500 seats, 250 connections, after a warm-up burst), with the
 * jobs inline as `npm start` runs them (`QUEUE=bullmq`: on Redis, sent by nobody). Prints req/s,
 * the API's CPU per registration while the burst was answered and until its deferred work was done,
 * and the top functions and packages by self time. A map of where to look next, not a benchmark.
 */
import { events, members, organizations } from '../src/db/schema.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../tests/helpers/redis.js';
import { burst } from './lib/burst.js';
import { startService } from './lib/service.js';
import { printSelfTimes, startProfiler } from './lib/profiler.js';
import { startSinkProcess, waitForMail } from './lib/processes.js';

const onRedis = process.env.QUEUE === 'bullmq';
const prefix = uniquePrefix('profile-registration');
const sink = await startSinkProcess();
const service = await startService({ SMTP_URL: sink.url, REGISTER_LIMIT_PER_IP: '1000000', ...(onRedis ? { REDIS_URL, REDIS_PREFIX: prefix } : {}) });
const db = service.app.db;
const org = db.insert(organizations).values({ name: 'Burst org', kind: 'grassroots' }).returning().get();
const member = db.insert(members).values({ organizationId: org.id, name: 'B', email: 'burst@example.org', role: 'organizer' }).returning().get();
const start = Date.now() + 24 * 3600_000;
const eventOf = (title: string, capacity: number) =>
  db.insert(events).values({ organizationId: org.id, createdBy: member.id, title, startAt: new Date(start), endAt: new Date(start + 7200_000), onlineUrl: 'https://x.example', capacity, status: 'published', updatedAt: new Date() }).returning().get();
const person = (tag: string, i: number) => ({ name: `Founder ${i}`, email: `${tag}${i}@burst.example` });
await burst(`${service.url}/v1/events/${eventOf('Warm-up', 100).id}/registrations`, Array.from({ length: 300 }, (_, i) => person('warm', i)), 250);
if (!onRedis) await waitForMail(sink, 300);

const profiler = await startProfiler();
const cpu = process.cpuUsage();
const ours = await burst(`${service.url}/v1/events/${eventOf('Popular', 500).id}/registrations`, Array.from({ length: 2000 }, (_, i) => person('founder', i)), 250);
const answered = process.cpuUsage(cpu);
// PROFILE_WINDOW=answers: the profile ends with the burst's last answer, not the last mail.
const early = process.env.PROFILE_WINDOW === 'answers' ? await profiler.stop() : undefined;
if (!onRedis) await waitForMail(sink, 2300);
const done = process.cpuUsage(cpu);
const profile = early ?? (await profiler.stop());
const perRegistration = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 2000).toFixed(0);
console.log(`${onRedis ? 'BullMQ' : 'inline'}: ${(2000 / ours.seconds).toFixed(0)} req/s; API CPU per registration ${perRegistration(answered)} µs while answering, ${perRegistration(done)} µs until every mail was sent`);

printSelfTimes(profile, 30);
await service.close();
sink.stop();
if (onRedis) await deletePrefix(prefix);
process.exit(0);

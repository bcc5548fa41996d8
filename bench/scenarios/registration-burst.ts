import { eq } from 'drizzle-orm';
import { events, members, organizations, registrations } from '../../src/db/schema.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../../tests/helpers/redis.js';
import { TEST_SECRET } from '../../tests/helpers/test-app.js';
import { startBareSeats } from '../lib/bare-seats.js';
import { burst } from '../lib/burst.js';
import { percentile } from '../lib/load.js';
import { startSinkProcess, startWorkerProcess, waitForMail } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const PEOPLE = 2_000;
const SEATS = 500;
const CONNECTIONS = 250;
const WARM_UP = 300;

/**
 * 2,000 people register at once for 500 seats (#22): exactly 500 confirmed, 1,500 waitlisted,
 * each told by mail. The service runs as in production (API on BullMQ, one worker mailing to an
 * SMTP sink); the burst comes from a client process of its own, after a warm-up burst on another
 * event. The baseline is the bare seat-counting route (bench/lib/bare-seats.ts), same client.
 */
export async function registrationBurst(): Promise<Row[]> {
  await requireRedis();
  const prefix = uniquePrefix('bench-registration');
  const sink = await startSinkProcess();
  const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: sink.url };
  // Every request comes from 127.0.0.1: lift the per-IP registration limit.
  const service = await startService({ ...env, REGISTER_LIMIT_PER_IP: '1000000' });
  const worker = await startWorkerProcess({ ...env, SECRET_KEY: TEST_SECRET, DATABASE_PATH: '/nonexistent/bench.db' });
  const db = service.app.db;
  const org = db.insert(organizations).values({ name: 'Burst org', kind: 'grassroots' }).returning().get();
  const member = db.insert(members).values({ organizationId: org.id, name: 'B', email: 'burst@example.org', role: 'organizer' }).returning().get();
  const start = Date.now() + 24 * 3600_000;
  const eventOf = (title: string, capacity: number) =>
    db
      .insert(events)
      .values({ organizationId: org.id, createdBy: member.id, title, startAt: new Date(start), endAt: new Date(start + 7200_000), onlineUrl: 'https://x.example', capacity, status: 'published', updatedAt: new Date() })
      .returning()
      .get();
  const warm = eventOf('Warm-up session', 100);
  const event = eventOf('Popular session', SEATS);
  const person = (tag: string, i: number) => ({ name: `Founder ${i}`, email: `${tag}${i}@burst.example` });
  await burst(`${service.url}/v1/events/${warm.id}/registrations`, Array.from({ length: WARM_UP }, (_, i) => person('warm', i)), CONNECTIONS);
  const bodies = Array.from({ length: PEOPLE }, (_, i) => person('founder', i));
  const ours = await burst(`${service.url}/v1/events/${event.id}/registrations`, bodies, CONNECTIONS);
  const rows = db.select().from(registrations).where(eq(registrations.eventId, event.id)).all();
  const confirmed = rows.filter((r) => r.status === 'confirmed').length;
  const waitlisted = rows.filter((r) => r.status === 'waitlisted').length;
  const mailed = await waitForMail(sink, PEOPLE + WARM_UP);
  await worker.stop();
  await service.close();
  sink.stop();
  await deletePrefix(prefix);

  const bare = await startBareSeats(SEATS);
  await burst(bare.url, Array.from({ length: WARM_UP }, (_, i) => ({ slot: 'warm', ...person('warm', i) })), CONNECTIONS);
  const floor = await burst(bare.url, bodies.map((b) => ({ slot: 'event', ...b })), CONNECTIONS);
  await bare.close();

  const rate = PEOPLE / ours.seconds;
  const bareRate = PEOPLE / floor.seconds;
  const created = ours.statuses.filter((s) => s === 201).length;
  return [
    {
      measure: `registration burst: ${PEOPLE} at once for ${SEATS} seats (API + 1 worker): confirmed / waitlisted; mailed`,
      result: `${confirmed} / ${waitlisted} (${created} × 201); ${mailed} mails`,
      baseline: '—',
      ratio: '—',
      target: `exactly ${SEATS} / ${PEOPLE - SEATS}; every one mailed`,
      met: confirmed === SEATS && waitlisted === PEOPLE - SEATS && mailed >= PEOPLE + WARM_UP,
    },
    {
      measure: 'the same burst: req/s (p99)',
      result: `${rate.toFixed(0)} req/s (p99 ${percentile(ours.timings, 99).toFixed(0)} ms)`,
      baseline: `${bareRate.toFixed(0)} req/s (p99 ${percentile(floor.timings, 99).toFixed(0)} ms; bare Fastify + one SQLite insert-with-capacity-check)`,
      ratio: (rate / bareRate).toFixed(2),
      target: '≥ 0.3 (aim 0.6)',
      met: rate / bareRate >= 0.3,
    },
  ];
}

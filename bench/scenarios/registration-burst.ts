import { eq } from 'drizzle-orm';
import { events, members, organizations, registrations } from '../../src/db/schema.js';
import { deletePrefix, REDIS_URL, requireRedis, uniquePrefix } from '../../tests/helpers/redis.js';
import { TEST_SECRET } from '../../tests/helpers/test-app.js';
import { startBareSeats } from '../lib/bare-seats.js';
import { burst, type BurstResult } from '../lib/burst.js';
import { percentile } from '../lib/load.js';
import { startSinkProcess, startWorkerProcess, waitForMail, type WorkerHandle } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const PEOPLE = 2_000;
const SEATS = 500;
const CONNECTIONS = 250;
const WARM_UP = 300;

const person = (tag: string, i: number) => ({ name: `Founder ${i}`, email: `${tag}${i}@burst.example` });

interface Measured {
  run: BurstResult;
  /** CPU seconds of this process (where the API or the bare route runs) from the burst's first request to its last answer. */
  cpuSeconds: number;
}

/** Fires the burst and reads this process's CPU around it (getrusage, which /proc/self/stat reads too). */
async function measured(url: string, bodies: unknown[]): Promise<Measured> {
  const before = process.cpuUsage();
  const run = await burst(url, bodies, CONNECTIONS);
  const used = process.cpuUsage(before);
  return { run, cpuSeconds: (used.user + used.system) / 1e6 };
}

/**
 * One burst on the service as `npm start` runs it (`inline`: jobs and mail in the API process) or
 * as production does (`bullmq`: the API on Redis, one `npm run worker` mailing): 2,000 people at
 * once for 500 seats, after a warm-up burst on another event; every one must be told by mail.
 */
async function serviceBurst(mode: 'inline' | 'bullmq') {
  const prefix = uniquePrefix('bench-registration');
  const sink = await startSinkProcess();
  const redis: Record<string, string> = mode === 'bullmq' ? { REDIS_URL, REDIS_PREFIX: prefix } : {};
  // Every request comes from 127.0.0.1: lift the per-IP registration limit.
  const service = await startService({ ...redis, SMTP_URL: sink.url, REGISTER_LIMIT_PER_IP: '1000000' });
  let worker: WorkerHandle | undefined;
  if (mode === 'bullmq') worker = await startWorkerProcess({ ...redis, SMTP_URL: sink.url, SECRET_KEY: TEST_SECRET, DATABASE_PATH: '/nonexistent/bench.db' });
  try {
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
    await burst(`${service.url}/v1/events/${warm.id}/registrations`, Array.from({ length: WARM_UP }, (_, i) => person('warm', i)), CONNECTIONS);
    await waitForMail(sink, WARM_UP);
    const ours = await measured(`${service.url}/v1/events/${event.id}/registrations`, Array.from({ length: PEOPLE }, (_, i) => person('founder', i)));
    const rows = db.select().from(registrations).where(eq(registrations.eventId, event.id)).all();
    const mailed = await waitForMail(sink, PEOPLE + WARM_UP);
    return {
      ...ours,
      confirmed: rows.filter((r) => r.status === 'confirmed').length,
      waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
      created: ours.run.statuses.filter((s) => s === 201).length,
      mailed,
    };
  } finally {
    await worker?.stop();
    await service.close();
    sink.stop();
    await deletePrefix(prefix);
  }
}

/**
 * 2,000 people register at once for 500 seats (#22, #36): exactly 500 confirmed, 1,500 waitlisted,
 * each told by mail; with `npm start`'s defaults and with BullMQ and one worker. The burst comes
 * from a client process of its own. The baseline is the bare seat-counting route
 * (bench/lib/bare-seats.ts), same client, same process; CPU is this process's around each burst.
 */
export async function registrationBurst(): Promise<Row[]> {
  await requireRedis();
  const bare = await startBareSeats(SEATS);
  await burst(bare.url, Array.from({ length: WARM_UP }, (_, i) => ({ slot: 'warm', ...person('warm', i) })), CONNECTIONS);
  // The bare burst runs before and after each of ours, and ours is held against the mean of the
  // two: this machine's speed drifts by a third within minutes (see bench/lib/alternate.ts).
  let bursts = 0;
  const bareBurst = async () => {
    const run = await measured(bare.url, Array.from({ length: PEOPLE }, (_, i) => ({ slot: `event${bursts}`, ...person('founder', i) })));
    bursts += 1;
    return { rate: PEOPLE / run.run.seconds, cpu: (run.cpuSeconds / PEOPLE) * 1e6, p99: percentile(run.run.timings, 99) };
  };
  let before = await bareBurst();

  const rows: Row[] = [];
  for (const mode of ['inline', 'bullmq'] as const) {
    const ours = await serviceBurst(mode);
    const after = await bareBurst();
    const bareRate = (before.rate + after.rate) / 2;
    const bareCpu = (before.cpu + after.cpu) / 2;
    const bareP99 = (before.p99 + after.p99) / 2;
    before = after;
    const label = mode === 'inline' ? 'npm start (jobs inline)' : 'API on BullMQ + 1 worker';
    const rate = PEOPLE / ours.run.seconds;
    const cpu = (ours.cpuSeconds / PEOPLE) * 1e6;
    rows.push(
      {
        measure: `registration burst, ${label}: ${PEOPLE} at once for ${SEATS} seats: confirmed / waitlisted; mailed`,
        result: `${ours.confirmed} / ${ours.waitlisted} (${ours.created} × 201); ${ours.mailed} mails`,
        baseline: '—',
        ratio: '—',
        target: `exactly ${SEATS} / ${PEOPLE - SEATS}; every one mailed`,
        met: ours.confirmed === SEATS && ours.waitlisted === PEOPLE - SEATS && ours.mailed >= PEOPLE + WARM_UP,
      },
      {
        measure: `the same burst, ${label}: req/s (p99)`,
        result: `${rate.toFixed(0)} req/s (p99 ${percentile(ours.run.timings, 99).toFixed(0)} ms)`,
        baseline: `${bareRate.toFixed(0)} req/s (p99 ${bareP99.toFixed(0)} ms; bare Fastify + one SQLite insert-with-capacity-check, mean of the bursts before and after)`,
        ratio: (rate / bareRate).toFixed(2),
        target: '≥ 0.4 (aim 0.6)',
        met: rate / bareRate >= 0.4,
      },
      {
        measure: `the same burst, ${label}: the API process's CPU per registration until the last answer`,
        result: `${cpu.toFixed(0)} µs`,
        baseline: `${bareCpu.toFixed(0)} µs (the bare route's)`,
        ratio: (cpu / bareCpu).toFixed(2),
        target: '≤ 3×',
        met: cpu / bareCpu <= 3,
      },
    );
  }
  await bare.close();
  return rows;
}

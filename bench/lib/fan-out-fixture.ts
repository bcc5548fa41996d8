import { fanOutProcessor } from '../../src/fan-out/fan-out-jobs.js';
import { announcements, events, members, organizations } from '../../src/db/schema.js';
import { subscriberAudience } from '../../src/subscribers/subscriber-audience.js';
import { seedConfirmedSubscribers } from '../../tests/helpers/subscriber-fixtures.js';
import { oneShotContext } from './job-context.js';
import { startService, type RunningService } from './service.js';

export interface FanOutFixture {
  service: RunningService;
  announcementId: number;
}

/**
 * The service (with `env`, e.g. on BullMQ) holding `count` confirmed subscribers and one
 * published event whose announcement is not fanned out yet. The outbox relay sweeps only when
 * asked, so the caller decides when deliveries reach the queue.
 */
export async function arrangeFanOut(count: number, env: Record<string, string | undefined>): Promise<FanOutFixture> {
  const service = await startService({ OUTBOX_SWEEP_MS: '3600000', ...env });
  const db = service.app.db;
  const org = db.insert(organizations).values({ name: 'Fan-out org', kind: 'grassroots' }).returning().get();
  const member = db.insert(members).values({ organizationId: org.id, name: 'F', email: 'f@bench.example', role: 'organizer' }).returning().get();
  seedConfirmedSubscribers(db, count);
  const now = new Date();
  const start = Date.now() + 3 * 24 * 3600_000;
  const event = db
    .insert(events)
    .values({ organizationId: org.id, createdBy: member.id, title: 'Fan-out benchmark', summary: 'Speed run.', startAt: new Date(start), endAt: new Date(start + 7200_000), onlineUrl: 'https://x.example', capacity: 100, status: 'published', publishedAt: now, updatedAt: now })
    .returning()
    .get();
  // The relay's start-up run must be over before the announcement exists, or it would hand it to the
  // service's own fan-out job, and deliveries to the queue while they are being timed.
  await service.app.outbox.flush();
  const announcement = db.insert(announcements).values({ eventId: event.id, kind: 'published', sequence: 0 }).returning().get();
  return { service, announcementId: announcement.id };
}

/** The fan-out job alone: resolves the audience and writes one delivery per subscriber (not yet handed to the queue). */
export function writeDeliveries({ service, announcementId }: FanOutFixture): Promise<void> {
  return fanOutProcessor(service.app.db, [subscriberAudience], () => {})({ announcementId }, oneShotContext);
}

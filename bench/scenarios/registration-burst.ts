import { Agent, fetch } from 'undici';
import { events, members, organizations, registrations } from '../../src/db/schema.js';
import { eq } from 'drizzle-orm';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const PEOPLE = 2_000;
const SEATS = 500;

/** 2,000 people register at once for 500 seats: exactly 500 must be confirmed. */
export async function registrationBurst(): Promise<Row[]> {
  // Every request comes from 127.0.0.1: lift the per-IP registration limit.
  const service = await startService({ REGISTER_LIMIT_PER_IP: '1000000' });
  const db = service.app.db;
  const org = db.insert(organizations).values({ name: 'Burst org', kind: 'grassroots' }).returning().get();
  const member = db.insert(members).values({ organizationId: org.id, name: 'B', email: 'burst@example.org', role: 'organizer' }).returning().get();
  const start = Date.now() + 24 * 3600_000;
  const event = db
    .insert(events)
    .values({ organizationId: org.id, createdBy: member.id, title: 'Popular session', startAt: new Date(start), endAt: new Date(start + 7200_000), onlineUrl: 'https://x.example', capacity: SEATS, status: 'published', updatedAt: new Date() })
    .returning()
    .get();
  const dispatcher = new Agent({ connections: 256 });
  const began = performance.now();
  const answers = await Promise.all(
    Array.from({ length: PEOPLE }, (_, i) =>
      fetch(`${service.url}/v1/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Founder ${i}`, email: `founder${i}@burst.example` }),
        dispatcher,
      }).then((r) => r.status),
    ),
  );
  const seconds = (performance.now() - began) / 1000;
  await dispatcher.close();
  const rows = db.select().from(registrations).where(eq(registrations.eventId, event.id)).all();
  const confirmed = rows.filter((r) => r.status === 'confirmed').length;
  const waitlisted = rows.filter((r) => r.status === 'waitlisted').length;
  await service.close();
  const created = answers.filter((s) => s === 201).length;
  return [
    {
      measure: `registration burst: ${PEOPLE} at once for ${SEATS} seats`,
      result: `${confirmed} confirmed, ${waitlisted} waitlisted (${created} × 201); ${(PEOPLE / seconds).toFixed(0)} req/s`,
      baseline: '—',
      ratio: '—',
      target: `exactly ${SEATS} / ${PEOPLE - SEATS}`,
      met: confirmed === SEATS && waitlisted === PEOPLE - SEATS,
    },
  ];
}

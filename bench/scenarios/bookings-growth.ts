import { DateTime } from 'luxon';
import { bookings, organizations, venues } from '../../src/db/schema.js';
import { createMember } from '../../src/members/members-service.js';
import { ALL_DAY } from '../../tests/helpers/venue-fixtures.js';
import { percentile } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import { startService, type RunningService } from '../lib/service.js';

const HOUR = 3600_000;
const SAMPLES = 300;

/**
 * A venue with `existing` approved bookings, one an hour (:00–:20) going back from 300 days
 * ahead; then SAMPLES request+approve pairs at :30–:50 of hours among them (no conflicts), timed.
 */
async function measure(existing: number): Promise<{ p50: number; p99: number }> {
  const service: RunningService = await startService();
  const db = service.app.db;
  const park = db.insert(organizations).values({ name: 'Bench park', kind: 'park' }).returning().get();
  const club = db.insert(organizations).values({ name: 'Bench club', kind: 'grassroots' }).returning().get();
  const manager = createMember(service.app.deps, park.id, { name: 'M', email: 'm@bench.example', role: 'park_manager' });
  const organizer = createMember(service.app.deps, club.id, { name: 'O', email: 'o@bench.example', role: 'organizer' });
  const venue = db.insert(venues).values({ organizationId: park.id, name: 'Hall', capacity: 500, openingHours: ALL_DAY }).returning().get();
  const top = DateTime.now().plus({ days: 300 }).startOf('hour').toMillis();
  db.transaction((tx) => {
    for (let i = 0; i < existing; i++) {
      const start = top - i * HOUR;
      tx.insert(bookings)
        .values({ venueId: venue.id, organizationId: club.id, requestedBy: organizer.member.id, startAt: new Date(start), endAt: new Date(start + HOUR / 3), expectedAttendance: 10, purpose: 'seed', status: 'approved', expiresAt: new Date(start) })
        .run();
    }
  });
  const asOrganizer = { authorization: `Bearer ${organizer.token}`, 'content-type': 'application/json' };
  const asManager = { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' };
  const timings: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = top - (i % Math.min(existing, 1000)) * HOUR + HOUR / 2;
    const body = JSON.stringify({ venueId: venue.id, start: new Date(start).toISOString(), end: new Date(start + HOUR / 3).toISOString(), expectedAttendance: 10, purpose: 'bench' });
    const began = performance.now();
    const created = await fetch(`${service.url}/v1/bookings`, { method: 'POST', headers: asOrganizer, body });
    const { id } = (await created.json()) as { id: number };
    const approved = await fetch(`${service.url}/v1/bookings/${id}/approve`, { method: 'POST', headers: asManager, body: '{}' });
    await approved.arrayBuffer();
    timings.push(performance.now() - began);
    if (created.status !== 201 || approved.status !== 200) throw new Error(`booking ${i}: ${created.status}/${approved.status}`);
  }
  await service.close();
  return { p50: percentile(timings, 50), p99: percentile(timings, 99) };
}

export async function bookingsGrowth(): Promise<Row[]> {
  const small = await measure(1_000);
  const large = await measure(100_000);
  const growth = large.p99 / small.p99;
  return [
    {
      measure: 'POST /v1/bookings + approve, 1k existing: p50 / p99',
      result: `${small.p50.toFixed(1)} / ${small.p99.toFixed(1)} ms`,
      baseline: '—',
      ratio: '—',
      target: '—',
      met: null,
    },
    {
      measure: 'POST /v1/bookings + approve, 100k existing: p50 / p99',
      result: `${large.p50.toFixed(1)} / ${large.p99.toFixed(1)} ms`,
      baseline: `1k existing: p99 ${small.p99.toFixed(1)} ms`,
      ratio: growth.toFixed(2),
      target: 'p99 growth < 2',
      met: growth < 2,
    },
  ];
}

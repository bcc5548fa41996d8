import { DateTime } from 'luxon';
import { organizations, venues } from '../../src/db/schema.js';
import { createMember } from '../../src/members/members-service.js';
import { DEFAULT_OPENING_HOURS } from '../../src/time/opening-hours.js';
import { percentile } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const PARKS = 10;
const VENUES_PER_PARK = 20;
const BLACKOUTS_PER_VENUE = 50;
const SAMPLES = 200;
/** Two bookings a day, so the 14 days searched hold as many bookings whatever the total: what grows is the history around them. */
const PER_DAY = 2;

/**
 * 10 parks × 20 venues, each with `perVenue` approved bookings (two a day, 10:00–12:00 and
 * 14:00–16:00 local, around the searched fortnight) and 50 blackouts; then SAMPLES searches over
 * 14 days for 2 hours, 50 people, weekday evenings, each from a different hour so no cache helps.
 */
async function measure(perVenue: number): Promise<{ p50: number; p99: number; found: number }> {
  const service = await startService();
  const db = service.app.db;
  const club = db.insert(organizations).values({ name: 'Bench club', kind: 'grassroots' }).returning().get();
  const organizer = createMember(service.app.deps, club.id, { name: 'O', email: 'o@bench.example', role: 'organizer' });
  const days = perVenue / PER_DAY;
  // The history starts `days` ago relative to a window 30 days ahead: the window sits in the middle of it.
  const windowStart = DateTime.now().setZone('Asia/Shanghai').startOf('day').plus({ days: 30 });
  const firstDay = windowStart.minus({ days: Math.floor(days / 2) });
  const insertBooking = db.$client.prepare(
    "INSERT INTO bookings (venue_id, organization_id, requested_by, start_at, end_at, expected_attendance, purpose, status, expires_at, created_at) VALUES (?, ?, ?, ?, ?, 10, 'seed', 'approved', ?, ?)",
  );
  const insertBlackout = db.$client.prepare("INSERT INTO blackouts (venue_id, start_at, end_at, reason, created_by, created_at) VALUES (?, ?, ?, 'maintenance', ?, ?)");
  db.$client.transaction(() => {
    for (let p = 0; p < PARKS; p++) {
      const park = db.insert(organizations).values({ name: `Bench park ${p}`, kind: 'park' }).returning().get();
      for (let v = 0; v < VENUES_PER_PARK; v++) {
        const venue = db.insert(venues).values({ organizationId: park.id, name: `Hall ${p}-${v}`, capacity: 20 + ((p * 37 + v * 11) % 280), feePerHour: (v % 5) * 100, amenities: v % 2 ? ['projector'] : [], openingHours: DEFAULT_OPENING_HOURS }).returning().get();
        for (let d = 0; d < days; d++) {
          const day = firstDay.plus({ days: d });
          for (const [from, to] of [[10, 12], [14, 16]] as const) {
            const start = day.set({ hour: from }).toMillis();
            insertBooking.run(venue.id, club.id, organizer.member.id, start, day.set({ hour: to }).toMillis(), start, Date.now());
          }
        }
        // Blackouts: a few scattered through the history, some in the window.
        for (let b = 0; b < BLACKOUTS_PER_VENUE; b++) {
          const start = firstDay.plus({ days: Math.floor((b * days) / BLACKOUTS_PER_VENUE), hours: 13 }).toMillis();
          insertBlackout.run(venue.id, start, start + 3 * 3600_000, organizer.member.id, Date.now());
        }
      }
    }
  })();
  db.$client.exec('ANALYZE');

  const headers = { authorization: `Bearer ${organizer.token}` };
  const timings: number[] = [];
  let found = 0;
  for (let i = 0; i < SAMPLES + 20; i++) {
    const from = windowStart.plus({ hours: i % 24, minutes: i });
    const query = new URLSearchParams({ from: from.toISO()!, to: from.plus({ days: 14 }).toISO()!, duration: 'PT2H', capacity: '50', weekdays: 'mon,tue,wed,thu,fri', earliest: '18:00', amenities: 'projector' });
    const began = performance.now();
    const res = await fetch(`${service.url}/v1/venues/search?${query.toString()}`, { headers });
    const body = (await res.json()) as { total: number };
    const took = performance.now() - began;
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${JSON.stringify(body)}`);
    if (i >= 20) timings.push(took); // the first 20 warm up
    found = body.total;
  }
  await service.close();
  return { p50: percentile(timings, 50), p99: percentile(timings, 99), found };
}

export async function venueSearch(): Promise<Row[]> {
  const small = await measure(200);
  const large = await measure(2_000);
  const growth = large.p99 / small.p99;
  return [
    {
      measure: `GET /v1/venues/search, 14 days, 200 venues × 200 bookings + 50 blackouts: p50 / p99 (${small.found} found)`,
      result: `${small.p50.toFixed(1)} / ${small.p99.toFixed(1)} ms`,
      baseline: '—',
      ratio: '—',
      target: '—',
      met: null,
    },
    {
      measure: `GET /v1/venues/search, 14 days, 200 venues × 2,000 bookings + 50 blackouts: p50 / p99 (${large.found} found)`,
      result: `${large.p50.toFixed(1)} / ${large.p99.toFixed(1)} ms`,
      baseline: `200 bookings each: p99 ${small.p99.toFixed(1)} ms`,
      ratio: growth.toFixed(2),
      target: 'p99 < 50 ms; ratio < 2',
      met: large.p99 < 50 && growth < 2,
    },
  ];
}

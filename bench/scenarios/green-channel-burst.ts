import { DateTime } from 'luxon';
import { createCentre, upsertCategory, upsertItem } from '../../src/green-channel/catalogue.js';
import { percentile } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const ATTEMPTS = 1_000;
const SLOTS = 50;
const SEATS = 4;

/**
 * A green-channel burst: 1,000 reservation attempts at once over 50 slots of 4 seats (two days of
 * 25 half-hour slots), each from its own address. Exactly 200 must be confirmed, the rest refused
 * as full; the latency of every answer is timed.
 */
export async function greenChannelBurst(): Promise<Row[]> {
  const service = await startService({ REGISTER_LIMIT_PER_IP: '1000000', REGISTER_LIMIT_PER_ADDRESS: '1000' });
  const app = service.app;
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '08:00', close: '20:30' }]]));
  const centre = createCentre(app.deps, { name: 'Bench centre', openingHours: hours });
  upsertCategory(app.deps, 'bench', { en: 'Bench' });
  const item = upsertItem(app.deps, { code: 'bench', categoryCode: 'bench', name: { en: 'Bench service' }, durationMinutes: 30, seatsPerSlot: SEATS, centreIds: [centre.id] });
  // Open days from the coordinator's word, so a statutory holiday cannot close the bench's days.
  const days = [1, 2].map((n) => DateTime.now().setZone('Asia/Shanghai').plus({ days: n }).toISODate()!);
  for (const date of days) app.db.$client.prepare("INSERT INTO calendar_days (date, kind, name) VALUES (?, 'workday', 'bench')").run(date);
  const slots = days.flatMap((date) => Array.from({ length: 25 }, (_, i) => DateTime.fromISO(`${date}T08:00`, { zone: 'Asia/Shanghai' }).plus({ minutes: 30 * i }).toISO({ suppressMilliseconds: true })!));
  if (slots.length !== SLOTS) throw new Error(`expected ${SLOTS} slots, made ${slots.length}`);

  const timings: number[] = [];
  const statuses = await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const began = performance.now();
      const res = await fetch(`${service.url}/v1/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: item.id, centreId: centre.id, start: slots[i % SLOTS], name: `Founder ${i}`, email: `founder-${i}@bench.example` }),
      });
      await res.arrayBuffer();
      timings.push(performance.now() - began);
      return res.status;
    }),
  );
  const confirmed = statuses.filter((s) => s === 201).length;
  const full = statuses.filter((s) => s === 409).length;
  const stored = (app.db.$client.prepare("SELECT count(*) AS n FROM reservations WHERE status = 'confirmed'").get() as { n: number }).n;
  await service.close();
  const p99 = percentile(timings, 99);
  return [
    {
      measure: `${ATTEMPTS.toLocaleString('en')} reservation attempts at once on ${SLOTS} slots of ${SEATS} seats: confirmed / full / in the database`,
      result: `${confirmed} / ${full} / ${stored}`,
      baseline: '—',
      ratio: '—',
      target: `${SLOTS * SEATS} / ${ATTEMPTS - SLOTS * SEATS} / ${SLOTS * SEATS}`,
      met: confirmed === SLOTS * SEATS && full === ATTEMPTS - SLOTS * SEATS && stored === SLOTS * SEATS,
    },
    {
      measure: 'the same burst: p50 / p99 of each answer',
      result: `${percentile(timings, 50).toFixed(1)} / ${p99.toFixed(1)} ms`,
      baseline: '—',
      ratio: '—',
      target: 'p99 < 200 ms',
      met: p99 < 200,
    },
  ];
}

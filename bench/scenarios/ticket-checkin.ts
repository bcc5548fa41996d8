import { ticketToken } from '../../src/codes/ticket-tokens.js';
import { seedPublishedEvent } from '../../tests/helpers/event-fixtures.js';
import { percentile } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import { startService } from '../lib/service.js';

const REGISTRATIONS = 5_000;
const SAMPLES = 300;
const DOOR_TICKETS = 180;
const PHONES = 3;

/**
 * An event with 5,000 confirmed registrations: SAMPLES check-ins by ticket one after another
 * (timed), then 180 other tickets scanned by 3 phones at once, each phone scanning every ticket
 * in its own order — exactly 180 first check-ins must come back, the rest "already checked in".
 */
export async function ticketCheckin(): Promise<Row[]> {
  const service = await startService();
  const app = service.app;
  const { event, organizer } = await seedPublishedEvent(app, { capacity: REGISTRATIONS }, { venue: { capacity: REGISTRATIONS } });
  const insert = app.db.$client.prepare("INSERT INTO registrations (event_id, name, email, status, kind, queued_at, created_at) VALUES (?, ?, ?, 'confirmed', 'public', ?, ?)");
  const ids: number[] = [];
  app.db.$client.transaction(() => {
    for (let i = 0; i < REGISTRATIONS; i++) ids.push(Number(insert.run(event.id, `Guest ${i}`, `guest-${i}@bench.example`, Date.now(), Date.now()).lastInsertRowid));
  })();
  const headers = { authorization: organizer.auth.authorization, 'content-type': 'application/json' };
  const scan = (id: number) => fetch(`${service.url}/v1/events/${event.id}/checkins`, { method: 'POST', headers, body: JSON.stringify({ ticket: `${app.deps.publicUrl}/tickets/${ticketToken(app.deps.secretKey, id)}` }) });

  const timings: number[] = [];
  for (let i = 0; i < SAMPLES + 20; i++) {
    const began = performance.now();
    const res = await scan(ids[i]!);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`check-in answered ${res.status}`);
    if (i >= 20) timings.push(performance.now() - began);
  }

  const door = ids.slice(SAMPLES + 20, SAMPLES + 20 + DOOR_TICKETS);
  const phones = Array.from({ length: PHONES }, (_, p) => [...door].sort((a, b) => ((a * (p + 7)) % 97) - ((b * (p + 7)) % 97) || a - b));
  const answers = await Promise.all(phones.map(async (order) => {
    const seen: Array<{ id: number; first: boolean }> = [];
    for (const id of order) {
      const res = await scan(id);
      const body = (await res.json()) as { id: number; alreadyCheckedIn: boolean };
      if (res.status !== 200) throw new Error(`door check-in answered ${res.status}`);
      seen.push({ id: body.id, first: !body.alreadyCheckedIn });
    }
    return seen;
  }));
  const firsts = answers.flat().filter((a) => a.first);
  const distinct = new Set(firsts.map((a) => a.id)).size;
  const checkedIn = app.db.$client.prepare("SELECT count(*) AS n FROM registrations WHERE event_id = ? AND status = 'checked_in'").get(event.id) as { n: number };
  await service.close();
  const p99 = percentile(timings, 99);
  return [
    {
      measure: `POST /v1/events/:id/checkins {ticket}, ${REGISTRATIONS.toLocaleString('en')} registrations: p50 / p99`,
      result: `${percentile(timings, 50).toFixed(1)} / ${p99.toFixed(1)} ms`,
      baseline: '—',
      ratio: '—',
      target: 'p99 < 20 ms',
      met: p99 < 20,
    },
    {
      measure: `${DOOR_TICKETS} tickets scanned by ${PHONES} phones at once: first check-ins / distinct / in the database`,
      result: `${firsts.length} / ${distinct} / ${checkedIn.n - SAMPLES - 20}`,
      baseline: '—',
      ratio: '—',
      target: `${DOOR_TICKETS} / ${DOOR_TICKETS} / ${DOOR_TICKETS}`,
      met: firsts.length === DOOR_TICKETS && distinct === DOOR_TICKETS && checkedIn.n - SAMPLES - 20 === DOOR_TICKETS,
    },
  ];
}

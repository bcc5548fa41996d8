/**
 * `npm run bench`: starts the real service (and workers where needed) against temp SQLite files
 * and the local Redis, measures each figure next to a bare baseline in the same run, prints a
 * table and writes bench/RESULTS.md. Not part of `npm test`.
 */
import { bookingsGrowth } from './scenarios/bookings-growth.js';
import { eventsListing } from './scenarios/events-listing.js';
import { eventsUncached } from './scenarios/events-uncached.js';
import { fanOutScenarios } from './scenarios/fan-out.js';
import { registrationBurst } from './scenarios/registration-burst.js';
import { venueSearch } from './scenarios/venue-search.js';
import { ticketCheckin } from './scenarios/ticket-checkin.js';
import { greenChannelBurst } from './scenarios/green-channel-burst.js';
import { startUp } from './scenarios/start-up.js';
import { apiMemory } from './scenarios/api-memory.js';
import { posters } from './scenarios/posters.js';
import { table, writeResults, type Row } from './lib/report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const scenarios: Array<[string, () => Promise<Row[]>]> = [
  ['events listing', () => eventsListing(SECONDS)],
  ['events uncached', () => eventsUncached(SECONDS)],
  ['bookings growth', bookingsGrowth],
  ['registration burst', registrationBurst],
  ['venue search', venueSearch],
  ['ticket check-in', ticketCheckin],
  ['green channel', greenChannelBurst],
  ['start-up', startUp],
  ['api memory', apiMemory],
  ['posters', () => posters(SECONDS)],
  [
    'fan-out',
    async () => {
      const { rows, notes: scaling } = await fanOutScenarios();
      extraNotes.push(...scaling);
      return rows;
    },
  ],
];
const extraNotes: string[] = [];

const rows: Row[] = [];
const notes: string[] = [];
// BENCH_ONLY=fan-out runs one scenario (by name) while working on it.
const only = process.env.BENCH_ONLY;
for (const [name, run] of scenarios.filter(([name]) => !only || name === only)) {
  process.stderr.write(`bench: ${name}…\n`);
  const started = Date.now();
  rows.push(...(await run()));
  notes.push(`- ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(table(rows));
if (extraNotes.length) console.log(['', ...extraNotes].join('\n'));
// Only a full run replaces bench/RESULTS.md.
if (!only) writeResults(rows, [...extraNotes, '', 'Time per scenario:', ...notes]);
process.exit(0);

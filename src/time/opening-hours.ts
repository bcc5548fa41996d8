import { DateTime } from 'luxon';
import { BadRequestError } from '../errors/http-errors.js';
import { merge, type Interval } from './intervals.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock spans per weekday, "HH:MM"–"HH:MM" ("24:00" closes at midnight). A missing day is closed. */
export type OpeningHours = Partial<Record<Weekday, Array<{ open: string; close: string }>>>;

export const DEFAULT_OPENING_HOURS: OpeningHours = Object.fromEntries(WEEKDAYS.map((day) => [day, [{ open: '08:00', close: '22:00' }]]));

function minutes(hhmm: string): number {
  // "HH:MM", checked by the schema: read by character codes (a search reads thousands).
  return ((hhmm.charCodeAt(0) - 48) * 10 + hhmm.charCodeAt(1) - 48) * 60 + (hhmm.charCodeAt(3) - 48) * 10 + hhmm.charCodeAt(4) - 48;
}

/** Checks every span opens before it closes; names the offending span. */
export function assertOpeningHours(hours: OpeningHours): void {
  for (const day of WEEKDAYS) {
    (hours[day] ?? []).forEach((span, i) => {
      if (minutes(span.open) >= minutes(span.close)) {
        throw new BadRequestError(`openingHours.${day}[${i}] must open before it closes (${span.open}–${span.close}).`, `openingHours.${day}.${i}`).say('errOpeningHours', { open: span.open, close: span.close });
      }
    });
  }
}

/** The instant of a local wall-clock time on a day: "09:00" is 09:00 local whatever that day's offset. */
function wallClock(day: DateTime, minutesIntoDay: number): number {
  if (minutesIntoDay === 24 * 60) return day.plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(minutesIntoDay / 60), minute: minutesIntoDay % 60 }).toMillis();
}

/** A local day of a zone: its weekday, its first instant, and whether its clocks run straight (no DST change). */
interface LocalDay {
  weekday: Weekday;
  start: number;
  next: number;
  straight: boolean;
  luxon: DateTime;
}

/** Days laid out per zone and span of days, reused: luxon is exact but slow, and a search lays out the same days for every venue. */
const layouts = new Map<string, LocalDay[]>();
const MAX_LAYOUTS = 256;

function localDays(zone: string, window: Interval): LocalDay[] {
  // Keyed by the window itself: even finding its first local day costs luxon's zone arithmetic.
  const key = `${zone}|${window.start}|${window.end}`;
  const known = layouts.get(key);
  if (known) return known;
  const first = DateTime.fromMillis(window.start, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(window.end, { zone }).startOf('day').plus({ days: 1 });
  const days: LocalDay[] = [];
  for (let day = first; day <= last; ) {
    const next = day.plus({ days: 1 });
    days.push({ weekday: WEEKDAYS[day.weekday - 1]!, start: day.toMillis(), next: next.toMillis(), straight: day.offset === next.offset && next.toMillis() - day.toMillis() === 24 * 3600_000, luxon: day });
    day = next;
  }
  if (layouts.size >= MAX_LAYOUTS) layouts.delete(layouts.keys().next().value!);
  layouts.set(key, days);
  return days;
}

/** A wall-clock time of a local day as an instant: plain arithmetic on a straight day, luxon on a day the clocks change. */
function instantOf(day: LocalDay, minutesIntoDay: number): number {
  if (minutesIntoDay === 24 * 60) return day.next;
  return day.straight ? day.start + minutesIntoDay * 60_000 : wallClock(day.luxon, minutesIntoDay);
}

/**
 * The venue's opening intervals in UTC that touch [from, to), computed day by day in the
 * venue's zone so that DST changes move the UTC instants, never the local opening times.
 */
export function openingIntervals(hours: OpeningHours, zone: string, window: Interval): Interval[] {
  const out: Interval[] = [];
  for (const day of localDays(zone, window)) {
    for (const span of hours[day.weekday] ?? []) {
      out.push({ start: instantOf(day, minutes(span.open)), end: instantOf(day, minutes(span.close)) });
    }
  }
  return merge(out).filter((i) => i.end > window.start && i.start < window.end);
}

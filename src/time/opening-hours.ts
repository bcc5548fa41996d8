import { DateTime } from 'luxon';
import { BadRequestError } from '../errors/http-errors.js';
import { merge, type Interval } from './intervals.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock spans per weekday, "HH:MM"–"HH:MM" ("24:00" closes at midnight). A missing day is closed. */
export type OpeningHours = Partial<Record<Weekday, Array<{ open: string; close: string }>>>;

export const DEFAULT_OPENING_HOURS: OpeningHours = Object.fromEntries(WEEKDAYS.map((day) => [day, [{ open: '08:00', close: '22:00' }]]));

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
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

/**
 * The venue's opening intervals in UTC that touch [from, to), computed day by day in the
 * venue's zone so that DST changes move the UTC instants, never the local opening times.
 */
export function openingIntervals(hours: OpeningHours, zone: string, window: Interval): Interval[] {
  const out: Interval[] = [];
  let day = DateTime.fromMillis(window.start, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(window.end, { zone }).startOf('day').plus({ days: 1 });
  while (day <= last) {
    const weekday = WEEKDAYS[day.weekday - 1]!;
    for (const span of hours[weekday] ?? []) {
      out.push({ start: wallClock(day, minutes(span.open)), end: wallClock(day, minutes(span.close)) });
    }
    day = day.plus({ days: 1 });
  }
  return merge(out).filter((i) => i.end > window.start && i.start < window.end);
}

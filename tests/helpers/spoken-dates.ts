import { DateTime } from 'luxon';

/** How an English page or mail writes a same-day span given as ISO with its offset: `Fri 4 Dec, 14:00–16:00`. */
export function enSpan(start: string, end: string): string {
  const from = DateTime.fromISO(start, { setZone: true }).setLocale('en');
  return `${from.toFormat('ccc d MMM, HH:mm')}–${DateTime.fromISO(end, { setZone: true }).toFormat('HH:mm')}`;
}

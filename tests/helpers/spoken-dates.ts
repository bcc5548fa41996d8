import { DateTime } from 'luxon';

/**
 * How an English page or mail writes a span given as ISO with its offset: `Fri 4 Dec, 14:00–16:00`,
 * or with both days when it crosses midnight: `Mon 30 Nov, 23:03 – Tue 1 Dec, 00:03`.
 */
export function enSpan(start: string, end: string): string {
  const from = DateTime.fromISO(start, { setZone: true }).setLocale('en');
  const to = DateTime.fromISO(end, { setZone: true }).setLocale('en');
  if (!from.hasSame(to, 'day')) return `${from.toFormat('ccc d MMM, HH:mm')} – ${to.toFormat('ccc d MMM, HH:mm')}`;
  return `${from.toFormat('ccc d MMM, HH:mm')}–${to.toFormat('HH:mm')}`;
}

import { DateTime, IANAZone } from 'luxon';
import { BadRequestError } from '../errors/http-errors.js';

export { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/**
 * Parses an ISO 8601 instant that carries an offset (the schema's `date-time` format has
 * already required one) into UTC milliseconds; `field` names it in the 400 otherwise.
 */
export function parseInstant(value: string, field: string): number {
  const fast = parseRfc3339(value);
  if (fast !== undefined) return fast;
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new BadRequestError(`${field} is not a valid ISO 8601 time with an offset (${parsed.invalidExplanation ?? parsed.invalidReason}).`, field).say('errInstant', { field });
  return parsed.toMillis();
}

/**
 * The common shape, `2026-12-07T15:36:00Z` or `…:00.000+08:00`, read without luxon: it is
 * ECMAScript's own date-time string format (ECMA-262 §21.4.1.32), which Date.parse must read
 * exactly, and a listing's `from` took ~30 µs through luxon (#36). Date.parse rolls a 30 February
 * over into March, so the parsed fields must come back the same; anything else (no seconds, a
 * comma, 24:00, a fraction of other than 3 digits) is left to luxon.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
function parseRfc3339(value: string): number | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  const wall = new Date(ms + offsetMinutes * 60_000);
  const same =
    wall.getUTCFullYear() === Number(m[1]) && wall.getUTCMonth() + 1 === Number(m[2]) && wall.getUTCDate() === Number(m[3]) &&
    wall.getUTCHours() === Number(m[4]) && wall.getUTCMinutes() === Number(m[5]) && wall.getUTCSeconds() === Number(m[6]);
  return same ? ms : undefined;
}

export function assertTimezone(zone: string, field = 'timezone'): void {
  if (!IANAZone.isValidZone(zone)) throw new BadRequestError(`${field} must be an IANA time zone such as Asia/Shanghai (got "${zone}").`, field).say('errTimezone', { field });
}

/** An instant rendered in a venue's zone, with its offset, e.g. 2026-12-01T14:00:00+08:00. */
export function inZone(ms: number, zone: string): string {
  const offset = offsetAt(ms, zone);
  if (offset === null) return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  const local = new Date(ms + offset * 60_000).toISOString(); // the wall clock, written as if UTC
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A zone's offset (minutes) at an instant, remembered per quarter hour: luxon asks Intl for it
 * (~25 µs), which was most of what a listing spent on times. Zones change offset on quarter-hour
 * boundaries (UTC) in practice; a quarter hour whose two ends disagree is not remembered but
 * asked again each time. Null for luxon's own `UTC` zone, which it writes with a `Z`.
 */
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;
function offsetAt(ms: number, zone: string): number | null {
  if (/^(utc|gmt)$/i.test(zone)) return null;
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${zone} ${quarter}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone });
  if (!start.isValid) return null;
  const end = DateTime.fromMillis((quarter + 1) * QUARTER_HOUR - 1, { zone });
  if (start.offset !== end.offset) return DateTime.fromMillis(ms, { zone }).offset;
  if (offsets.size >= 50_000) offsets.clear();
  offsets.set(key, start.offset);
  return start.offset;
}


/** An instant rendered in UTC, for times that belong to no venue. */
export function utc(date: Date | number): string {
  return new Date(date).toISOString();
}

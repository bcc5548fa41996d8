import { DateTime, IANAZone } from 'luxon';
import { BadRequestError } from '../errors/http-errors.js';

export { DEFAULT_TIMEZONE } from './default-zone.js';

/**
 * Parses an ISO 8601 instant that carries an offset (the schema's `date-time` format has
 * already required one) into UTC milliseconds; `field` names it in the 400 otherwise.
 */
export function parseInstant(value: string, field: string): number {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new BadRequestError(`${field} is not a valid ISO 8601 time with an offset (${parsed.invalidExplanation ?? parsed.invalidReason}).`, field).say('errInstant', { field });
  return parsed.toMillis();
}

export function assertTimezone(zone: string, field = 'timezone'): void {
  if (!IANAZone.isValidZone(zone)) throw new BadRequestError(`${field} must be an IANA time zone such as Asia/Shanghai (got "${zone}").`, field).say('errTimezone', { field });
}

/** An instant rendered in a venue's zone, with its offset, e.g. 2026-12-01T14:00:00+08:00. */
export function inZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
}


/** An instant rendered in UTC, for times that belong to no venue. */
export function utc(date: Date | number): string {
  return new Date(date).toISOString();
}

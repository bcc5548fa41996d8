import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import type { serviceCentres, serviceItems } from '../db/schema.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import { nowMs } from '../time/clock.js';
import { greenChannelQueries } from './green-channel-queries.js';
import { dayKind, hoursOn } from './working-days.js';

type CentreRow = typeof serviceCentres.$inferSelect;
type ItemRow = typeof serviceItems.$inferSelect;

/** How far ahead a slot may be reserved (GREEN_CHANNEL_DAYS_AHEAD). */
export const DEFAULT_DAYS_AHEAD = 30;

export interface Slot {
  start: string;
  end: string;
  remaining: number;
}

/**
 * An item offered at a centre (404 for an unknown or withdrawn item or centre, or one not offered
 * there). Takes the database, not a transaction: its queries are prepared once (inside a
 * transaction they run on the same connection).
 */
export function offering(db: Db, itemId: number, centreId: number): { item: ItemRow; centre: CentreRow } {
  const queries = greenChannelQueries(db);
  const item = queries.item.get({ id: itemId });
  if (!item || !item.active) throw new NotFoundError('Service', itemId);
  const centre = queries.centre.get({ id: centreId });
  if (!centre || !centre.active) throw new NotFoundError('Service centre', centreId);
  const offered = queries.offered.get({ itemId, centreId });
  if (!offered) throw new NotFoundError('Service at this centre', `${itemId}@${centreId}`);
  return { item, centre };
}

/** The centre's local date from `YYYY-MM-DD`, refused when malformed, past, or further ahead than allowed. */
export function bookableDate(centre: CentreRow, date: string, daysAhead: number): DateTime {
  const day = DateTime.fromISO(date, { zone: centre.timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new BadRequestError('date must be a day, YYYY-MM-DD.', 'date').say('errDate', { field: 'date' });
  const today = DateTime.fromMillis(nowMs(), { zone: centre.timezone }).startOf('day');
  if (day < today) throw new BadRequestError('That day has passed.', 'date').say('errSlotPast');
  if (day > today.plus({ days: daysAhead })) throw new BadRequestError(`Slots can be reserved up to ${daysAhead} days ahead.`, 'date').say('errSlotTooFar', { n: daysAhead });
  return day;
}

/**
 * A day's slots for an item at a centre, in the centre's zone: the opening spans of a working day
 * cut into the item's duration, each with the seats left; none on a closed day, none in the past.
 */
export function daySlots(db: Db, item: ItemRow, centre: CentreRow, day: DateTime): Slot[] {
  const date = day.toISODate()!;
  const spans = hoursOn(centre, date, dayKind(db, date));
  const now = nowMs();
  const step = item.durationMinutes * 60_000;
  // Each span's bounds come from luxon (the zone's offset that day); the slots inside step in
  // milliseconds. Written with the span's offset when it holds all along (the usual daytime span),
  // else each with its own (a span across a DST change: the day is an hour shorter or longer).
  const grid: Array<{ start: number; end: number; offset: string | null }> = [];
  for (const span of spans) {
    const open = DateTime.fromISO(`${date}T${span.open}`, { zone: centre.timezone });
    const closing = DateTime.fromISO(`${date}T${span.close}`, { zone: centre.timezone });
    const offset = open.offset === closing.offset ? open.toFormat('ZZ') : null;
    for (let start = open.toMillis(); start + step <= closing.toMillis(); start += step) if (start > now) grid.push({ start, end: start + step, offset });
  }
  if (grid.length === 0) return [];
  const taken = new Map(
    greenChannelQueries(db)
      .taken.all({ itemId: item.id, centreId: centre.id, from: grid[0]!.start, to: grid.at(-1)!.end })
      .map((row) => [row.at.getTime(), row.n]),
  );
  const iso = (ms: number, offset: string | null) => (offset ? localIso(ms, offset) : DateTime.fromMillis(ms, { zone: centre.timezone }).toISO({ suppressMilliseconds: true })!);
  return grid.map(({ start, end, offset }) => ({ start: iso(start, offset), end: iso(end, offset), remaining: Math.max(0, item.seatsPerSlot - (taken.get(start) ?? 0)) }));
}

/** An instant as ISO 8601 at a fixed offset (`+08:00`), to the second. */
function localIso(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(ms + sign * (hours! * 60 + minutes!) * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offset}`;
}

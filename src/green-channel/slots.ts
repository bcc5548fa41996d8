import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import type { serviceCentres, serviceItems } from '../db/schema.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import { nowMs } from '../time/clock.js';
import { inZone } from '../time/instants.js';
import { remembered } from '../util/remembered.js';
import { greenChannelQueries } from './green-channel-dal.js';
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

/** The centre's local date `YYYY-MM-DD`, refused when malformed, past, or further ahead than allowed. */
export function bookableDate(centre: CentreRow, date: string, daysAhead: number): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new BadRequestError('date must be a day, YYYY-MM-DD.', 'date').say('errDate', { field: 'date' });
  // Dates as calendar days (in UTC, where a day is a day); only "today" needs the centre's zone.
  const today = DateTime.fromMillis(nowMs(), { zone: centre.timezone }).toISODate()!;
  if (date < today) throw new BadRequestError('That day has passed.', 'date').say('errSlotPast');
  if (date > DateTime.fromISO(today, { zone: 'utc' }).plus({ days: daysAhead }).toISODate()!) throw new BadRequestError(`Slots can be reserved up to ${daysAhead} days ahead.`, 'date').say('errSlotTooFar', { n: daysAhead });
  return date;
}

/** A slot as instants (ms), with the seats left. */
export interface SlotTimes {
  start: number;
  end: number;
  remaining: number;
}

/**
 * A day's slots for an item at a centre, as instants: the opening spans of a working day cut into
 * the item's duration, each with the seats left; none on a closed day, none in the past.
 */
export function daySlotTimes(db: Db, item: ItemRow, centre: CentreRow, date: string): SlotTimes[] {
  const spans = hoursOn(centre, date, dayKind(db, date));
  const now = nowMs();
  const step = item.durationMinutes * 60_000;
  // Each span's bounds come from luxon (the zone's offset that day); the slots inside step in
  // milliseconds (a span across a DST change makes the day an hour shorter or longer).
  const grid: Array<Omit<SlotTimes, 'remaining'>> = [];
  for (const span of spans) {
    const bounds = spanBounds(centre.timezone, date, span.open, span.close);
    for (let start = bounds.open; start + step <= bounds.close; start += step) if (start > now) grid.push({ start, end: start + step });
  }
  if (grid.length === 0) return [];
  const taken = new Map(
    greenChannelQueries(db)
      .taken.all({ itemId: item.id, centreId: centre.id, from: grid[0]!.start, to: grid.at(-1)!.end })
      .map((row) => [row.at.getTime(), row.n]),
  );
  return grid.map((slot) => ({ ...slot, remaining: Math.max(0, item.seatsPerSlot - (taken.get(slot.start) ?? 0)) }));
}

/** A day's slots in the centre's zone, as the API and pages write them. */
export function daySlots(db: Db, item: ItemRow, centre: CentreRow, date: string): Slot[] {
  return daySlotTimes(db, item, centre, date).map((slot) => slotInZone(slot, centre.timezone));
}

/** A slot's times written in a zone, each with the offset in force then (inZone). */
export function slotInZone(slot: SlotTimes, zone: string): Slot {
  return { start: inZone(slot.start, zone), end: inZone(slot.end, zone), remaining: slot.remaining };
}

/** A span's bounds on a date in a zone, remembered: a zone's offset on a date never changes while the process runs. */
const spanBounds = remembered(
  (zone: string, date: string, open: string, close: string) => ({ open: DateTime.fromISO(`${date}T${open}`, { zone }).toMillis(), close: DateTime.fromISO(`${date}T${close}`, { zone }).toMillis() }),
  (zone, date, open, close) => `${zone} ${date} ${open} ${close}`,
  4096,
);

import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { DbOrTx } from '../db/database.js';
import { reservations, serviceCentres, serviceItems, serviceOfferings } from '../db/schema.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import { nowMs } from '../time/clock.js';
import { dayKind, hoursOn } from './working-days.js';

type CentreRow = typeof serviceCentres.$inferSelect;
type ItemRow = typeof serviceItems.$inferSelect;

/** How far ahead a slot may be reserved (GREEN_CHANNEL_DAYS_AHEAD). */
export const DEFAULT_DAYS_AHEAD = 30;

/** Statuses that hold a seat. */
export const HOLDS_SEAT = ['confirmed', 'checked_in', 'served'] as const;

export interface Slot {
  start: string;
  end: string;
  remaining: number;
}

/** An item offered at a centre (404 for an unknown or withdrawn item or centre, or one not offered there). */
export function offering(db: DbOrTx, itemId: number, centreId: number): { item: ItemRow; centre: CentreRow } {
  const item = db.select().from(serviceItems).where(eq(serviceItems.id, itemId)).get();
  if (!item || !item.active) throw new NotFoundError('Service', itemId);
  const centre = db.select().from(serviceCentres).where(eq(serviceCentres.id, centreId)).get();
  if (!centre || !centre.active) throw new NotFoundError('Service centre', centreId);
  const offered = db.select().from(serviceOfferings).where(and(eq(serviceOfferings.itemId, itemId), eq(serviceOfferings.centreId, centreId))).get();
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
export function daySlots(db: DbOrTx, item: ItemRow, centre: CentreRow, day: DateTime): Slot[] {
  const date = day.toISODate()!;
  const spans = hoursOn(centre, date, dayKind(db, date));
  const now = nowMs();
  const grid: Array<{ start: DateTime; end: DateTime }> = [];
  for (const span of spans) {
    const close = DateTime.fromISO(`${date}T${span.close}`, { zone: centre.timezone });
    for (let start = DateTime.fromISO(`${date}T${span.open}`, { zone: centre.timezone }); start.plus({ minutes: item.durationMinutes }) <= close; start = start.plus({ minutes: item.durationMinutes })) {
      if (start.toMillis() > now) grid.push({ start, end: start.plus({ minutes: item.durationMinutes }) });
    }
  }
  if (grid.length === 0) return [];
  const taken = new Map(
    db
      .select({ at: reservations.startAt, n: sql<number>`count(*)` })
      .from(reservations)
      .where(and(eq(reservations.itemId, item.id), eq(reservations.centreId, centre.id), inArray(reservations.status, [...HOLDS_SEAT]), gte(reservations.startAt, grid[0]!.start.toJSDate()), lt(reservations.startAt, grid.at(-1)!.end.toJSDate())))
      .groupBy(reservations.startAt)
      .all()
      .map((row) => [new Date(row.at).getTime(), row.n]),
  );
  return grid.map(({ start, end }) => ({ start: start.toISO({ suppressMilliseconds: true })!, end: end.toISO({ suppressMilliseconds: true })!, remaining: Math.max(0, item.seatsPerSlot - (taken.get(start.toMillis()) ?? 0)) }));
}

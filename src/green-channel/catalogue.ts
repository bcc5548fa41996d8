import { asc, eq, gte, inArray } from 'drizzle-orm';
import { calendarDays, serviceCategories, serviceCentres, serviceItems, serviceOfferings, type Bilingual } from '../db/schema.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import type { DbOrTx } from '../db/database.js';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { nowDate } from '../time/clock.js';
import { assertOpeningHours, type OpeningHours } from '../time/opening-hours.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

export interface CentreInput {
  name: string;
  address?: string;
  timezone?: string;
  openingHours?: OpeningHours;
  makeUpDayHours?: 'mon' | 'tue' | 'wed' | 'thu' | 'fri';
}

export interface ItemInput {
  code: string;
  categoryCode: string;
  name: Bilingual;
  description?: Bilingual;
  bring?: Bilingual;
  durationMinutes: number;
  seatsPerSlot: number;
  centreIds: number[];
}

/** The weekday hours a centre keeps unless told: 09:00–17:00 Monday to Friday. */
const CENTRE_HOURS: OpeningHours = Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [{ open: '09:00', close: '17:00' }]]));

export function createCentre({ db }: OwnDbDeps, input: CentreInput) {
  const hours = input.openingHours ?? CENTRE_HOURS;
  assertOpeningHours(hours);
  return db
    .insert(serviceCentres)
    .values({ name: input.name.trim(), address: input.address?.trim() || null, timezone: input.timezone ?? DEFAULT_TIMEZONE, openingHours: hours, makeUpDayHours: input.makeUpDayHours ?? 'mon', updatedAt: nowDate() })
    .returning()
    .get();
}

export function listCentres({ db }: DbDeps) {
  return db.select().from(serviceCentres).where(eq(serviceCentres.active, true)).orderBy(asc(serviceCentres.id)).all();
}

/** A category by its code, made when new (the catalogue file names categories by code). */
export function upsertCategory({ db }: DbDeps, code: string, name: Bilingual, position = 0) {
  return db.insert(serviceCategories).values({ code, name, position }).onConflictDoUpdate({ target: serviceCategories.code, set: { name, position } }).returning().get();
}

/** Adds or replaces an item (by its code) and the centres that offer it. */
export function upsertItem({ db }: OwnDbDeps, input: ItemInput) {
  return db.transaction((tx) => writeItem(tx, input));
}

/** The same inside the caller's transaction (a whole catalogue file is one). */
export function writeItem(tx: DbOrTx, input: ItemInput) {
  if (!input.name.en?.trim() && !input.name['zh-CN']?.trim()) throw new BadRequestError('A service needs a name in Chinese or English.', 'name').say('errServiceName');
  const category = tx.select().from(serviceCategories).where(eq(serviceCategories.code, input.categoryCode)).get();
  if (!category) throw new NotFoundError('Service category', input.categoryCode);
  const known = input.centreIds.length ? tx.select({ id: serviceCentres.id }).from(serviceCentres).where(inArray(serviceCentres.id, input.centreIds)).all() : [];
  const missing = input.centreIds.find((id) => !known.some((c) => c.id === id));
  if (missing !== undefined) throw new NotFoundError('Service centre', missing);
  const values = { categoryId: category.id, name: input.name, description: input.description ?? {}, bring: input.bring ?? {}, durationMinutes: input.durationMinutes, seatsPerSlot: input.seatsPerSlot, active: true, updatedAt: nowDate() };
  const item = tx.insert(serviceItems).values({ code: input.code, ...values }).onConflictDoUpdate({ target: serviceItems.code, set: values }).returning().get();
  tx.delete(serviceOfferings).where(eq(serviceOfferings.itemId, item.id)).run();
  for (const centreId of new Set(input.centreIds)) tx.insert(serviceOfferings).values({ itemId: item.id, centreId }).run();
  return item;
}

/** The public catalogue: categories in order, each with its active items and the centres offering them. */
export function catalogue({ db }: DbDeps) {
  const offered = db.select().from(serviceOfferings).all();
  const items = db.select().from(serviceItems).where(eq(serviceItems.active, true)).orderBy(asc(serviceItems.id)).all();
  return {
    categories: db
      .select()
      .from(serviceCategories)
      .orderBy(asc(serviceCategories.position), asc(serviceCategories.id))
      .all()
      .map((category) => ({
        id: category.id,
        code: category.code,
        name: category.name,
        items: items
          .filter((item) => item.categoryId === category.id)
          .map((item) => ({
            id: item.id,
            code: item.code,
            name: item.name,
            description: item.description,
            bring: item.bring,
            durationMinutes: item.durationMinutes,
            seatsPerSlot: item.seatsPerSlot,
            centreIds: offered.filter((o) => o.itemId === item.id).map((o) => o.centreId),
          })),
      })),
  };
}

/** The coordinator's word on a day: a holiday (closed) or a working day (open), over the statutory calendar. */
export function setCalendarDay({ db }: OwnDbDeps, day: { date: string; kind: 'holiday' | 'workday'; name: string }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day.date) || Number.isNaN(Date.parse(day.date))) throw new BadRequestError('date must be YYYY-MM-DD.', 'date').say('errDate', { field: 'date' });
  return db.insert(calendarDays).values(day).onConflictDoUpdate({ target: calendarDays.date, set: { kind: day.kind, name: day.name } }).returning().get();
}


/** The days the coordinator declared open or closed, from `from` (YYYY-MM-DD) on, in date order. */
export function declaredDaysFrom({ db }: DbDeps, from: string) {
  return db.select().from(calendarDays).where(gte(calendarDays.date, from)).orderBy(asc(calendarDays.date)).all();
}

import type { Bilingual } from '../db/schema.js';
import { activeCentres, activeItems, allOfferings, calendarDaysFrom, categoriesInOrder, categoryByCode, existingCentreIds, insertCentre, putCalendarDay, putCategory, putItem } from './catalogue-dal.js';
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
  return insertCentre(db, { name: input.name.trim(), address: input.address?.trim() || null, timezone: input.timezone ?? DEFAULT_TIMEZONE, openingHours: hours, makeUpDayHours: input.makeUpDayHours ?? 'mon', updatedAt: nowDate() });
}

export function listCentres({ db }: DbDeps) {
  return activeCentres(db);
}

/** A category by its code, made when new (the catalogue file names categories by code). */
export function upsertCategory({ db }: DbDeps, code: string, name: Bilingual, position = 0) {
  return putCategory(db, code, name, position);
}

/** Adds or replaces an item (by its code) and the centres that offer it. */
export function upsertItem({ db }: OwnDbDeps, input: ItemInput) {
  return db.transaction((tx) => writeItem(tx, input));
}

/** The same inside the caller's transaction (a whole catalogue file is one). */
export function writeItem(tx: DbOrTx, input: ItemInput) {
  if (!input.name.en?.trim() && !input.name['zh-CN']?.trim()) throw new BadRequestError('A service needs a name in Chinese or English.', 'name').say('errServiceName');
  const category = categoryByCode(tx, input.categoryCode);
  if (!category) throw new NotFoundError('Service category', input.categoryCode);
  const known = existingCentreIds(tx, input.centreIds);
  const missing = input.centreIds.find((id) => !known.has(id));
  if (missing !== undefined) throw new NotFoundError('Service centre', missing);
  const values = { categoryId: category.id, name: input.name, description: input.description ?? {}, bring: input.bring ?? {}, durationMinutes: input.durationMinutes, seatsPerSlot: input.seatsPerSlot, active: true, updatedAt: nowDate() };
  return putItem(tx, input.code, values, new Set(input.centreIds));
}

/** The public catalogue: categories in order, each with its active items and the centres offering them. */
export function catalogue({ db }: DbDeps) {
  const offered = allOfferings(db);
  const items = activeItems(db);
  return {
    categories: categoriesInOrder(db).map((category) => ({
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
  return putCalendarDay(db, day);
}


/** The days the coordinator declared open or closed, from `from` (YYYY-MM-DD) on, in date order. */
export function declaredDaysFrom({ db }: DbDeps, from: string) {
  return calendarDaysFrom(db, from);
}

import { asc, eq, gte, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { calendarDays, serviceCategories, serviceCentres, serviceItems, serviceOfferings, type Bilingual } from '../db/schema.js';

export function insertCentre(db: DbOrTx, values: typeof serviceCentres.$inferInsert) {
  return db.insert(serviceCentres).values(values).returning().get();
}

/** The active centres, in id order. */
export function activeCentres(db: DbOrTx) {
  return db.select().from(serviceCentres).where(eq(serviceCentres.active, true)).orderBy(asc(serviceCentres.id)).all();
}

/** Which of these centre ids exist. */
export function existingCentreIds(db: DbOrTx, ids: number[]): Set<number> {
  return new Set(ids.length ? db.select({ id: serviceCentres.id }).from(serviceCentres).where(inArray(serviceCentres.id, ids)).all().map((c) => c.id) : []);
}

/** A category by its code, made when new, renamed and moved when not. */
export function putCategory(db: DbOrTx, code: string, name: Bilingual, position: number) {
  return db.insert(serviceCategories).values({ code, name, position }).onConflictDoUpdate({ target: serviceCategories.code, set: { name, position } }).returning().get();
}

export function categoryByCode(db: DbOrTx, code: string) {
  return db.select().from(serviceCategories).where(eq(serviceCategories.code, code)).get();
}

/** Every category, in its order. */
export function categoriesInOrder(db: DbOrTx) {
  return db.select().from(serviceCategories).orderBy(asc(serviceCategories.position), asc(serviceCategories.id)).all();
}

/** An item by its code, made when new and replaced when not; then exactly these centres offer it. */
export function putItem(db: DbOrTx, code: string, values: Omit<typeof serviceItems.$inferInsert, 'code'>, centreIds: Iterable<number>) {
  const item = db.insert(serviceItems).values({ code, ...values }).onConflictDoUpdate({ target: serviceItems.code, set: values }).returning().get();
  db.delete(serviceOfferings).where(eq(serviceOfferings.itemId, item.id)).run();
  for (const centreId of centreIds) db.insert(serviceOfferings).values({ itemId: item.id, centreId }).run();
  return item;
}

/** The active items, in id order. */
export function activeItems(db: DbOrTx) {
  return db.select().from(serviceItems).where(eq(serviceItems.active, true)).orderBy(asc(serviceItems.id)).all();
}

/** Which centre offers which item. */
export function allOfferings(db: DbOrTx) {
  return db.select().from(serviceOfferings).all();
}

/** Declares a day a holiday or a working day (a second word on a day replaces the first). */
export function putCalendarDay(db: DbOrTx, day: { date: string; kind: 'holiday' | 'workday'; name: string }) {
  return db.insert(calendarDays).values(day).onConflictDoUpdate({ target: calendarDays.date, set: { kind: day.kind, name: day.name } }).returning().get();
}

/** The declared days from `from` (YYYY-MM-DD) on, in date order. */
export function calendarDaysFrom(db: DbOrTx, from: string) {
  return db.select().from(calendarDays).where(gte(calendarDays.date, from)).orderBy(asc(calendarDays.date)).all();
}

/** Every centre's id and name (a catalogue file names centres by name). */
export function centreNames(db: DbOrTx) {
  return db.select({ id: serviceCentres.id, name: serviceCentres.name }).from(serviceCentres).all();
}

import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { calendarDays, reservations, serviceCentres, serviceItems, serviceOfferings } from '../db/schema.js';
import { preparedOnce } from '../db/prepared.js';

const p = sql.placeholder;
/** Statuses that hold a seat (a held one until it is confirmed or lapses). */
export const HOLDS_SEAT = ['held', 'confirmed', 'checked_in', 'served'] as const;
/** Statuses of a reservation still to come (one per person per item). */
export const ACTIVE = ['held', 'confirmed', 'checked_in'] as const;

/** The green channel's hot queries (slots and reserving), prepared once per database. */
export const greenChannelQueries = preparedOnce((db) => ({
  item: db.select().from(serviceItems).where(eq(serviceItems.id, p('id'))).prepare(),
  centre: db.select().from(serviceCentres).where(eq(serviceCentres.id, p('id'))).prepare(),
  offered: db
    .select({ itemId: serviceOfferings.itemId })
    .from(serviceOfferings)
    .where(and(eq(serviceOfferings.itemId, p('itemId')), eq(serviceOfferings.centreId, p('centreId'))))
    .prepare(),
  calendarDay: db.select().from(calendarDays).where(eq(calendarDays.date, p('date'))).prepare(),
  /** Seats held per slot start (ms) in [from, to). */
  taken: db
    .select({ at: reservations.startAt, n: sql<number>`count(*)` })
    .from(reservations)
    .where(and(eq(reservations.itemId, p('itemId')), eq(reservations.centreId, p('centreId')), inArray(reservations.status, [...HOLDS_SEAT]), gte(reservations.startAt, p('from')), lt(reservations.startAt, p('to'))))
    .groupBy(reservations.startAt)
    .prepare(),
  /** A person's active reservation for an item. */
  held: db
    .select()
    .from(reservations)
    .where(and(eq(reservations.email, p('email')), eq(reservations.itemId, p('itemId')), inArray(reservations.status, [...ACTIVE])))
    .prepare(),
  insert: db
    .insert(reservations)
    .values({
      itemId: p('itemId'),
      centreId: p('centreId'),
      number: p('number'),
      startAt: p('startAt'),
      endAt: p('endAt'),
      name: p('name'),
      email: p('email'),
      phone: p('phone'),
      company: p('company'),
      creditCode: p('creditCode'),
      language: p('language'),
      noticeVersion: p('noticeVersion'),
      noticeAt: p('noticeAt'),
      status: p('status'),
      holdExpiresAt: p('holdExpiresAt'),
      heldFrom: p('heldFrom'),
      updatedAt: p('updatedAt'),
    })
    .returning()
    .prepare(),
  /** Unconfirmed holds made from one client (its keyed fingerprint), with when the first lapses. */
  heldFrom: db
    .select({ n: sql<number>`count(*)`, firstLapse: sql<number | null>`min(${reservations.holdExpiresAt})` })
    .from(reservations)
    .where(and(eq(reservations.heldFrom, p('heldFrom')), eq(reservations.status, 'held')))
    .prepare(),
  numberTaken: db.select({ id: reservations.id }).from(reservations).where(eq(reservations.number, p('number'))).prepare(),
}));

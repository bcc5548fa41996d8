import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { calendarDays, centreStaff, reservations, serviceCentres, serviceItems, serviceOfferings } from '../db/schema.js';
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

export type ReservationRow = typeof reservations.$inferSelect;
export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type ServiceCentreRow = typeof serviceCentres.$inferSelect;

export function findReservation(db: DbOrTx, id: number): ReservationRow | undefined {
  return db.select().from(reservations).where(eq(reservations.id, id)).get();
}

export function reservationByNumber(db: DbOrTx, number: string): ReservationRow | undefined {
  return db.select().from(reservations).where(eq(reservations.number, number)).get();
}

export function updateReservation(db: DbOrTx, id: number, values: Partial<typeof reservations.$inferInsert>): ReservationRow {
  return db.update(reservations).set(values).where(eq(reservations.id, id)).returning().get();
}

/** Marks a confirmed reservation reminded, once; whether this call did. */
export function claimReminder(db: DbOrTx, id: number, at: Date): boolean {
  return db.update(reservations).set({ remindedAt: at }).where(and(eq(reservations.id, id), isNull(reservations.remindedAt), eq(reservations.status, 'confirmed'))).run().changes > 0;
}

/** Marks a reservation still only confirmed a no-show. */
export function markNoShow(db: DbOrTx, id: number, at: Date): void {
  db.update(reservations).set({ status: 'no_show', updatedAt: at }).where(and(eq(reservations.id, id), eq(reservations.status, 'confirmed'))).run();
}

export function findItem(db: DbOrTx, id: number): ServiceItemRow | undefined {
  return db.select().from(serviceItems).where(eq(serviceItems.id, id)).get();
}

export function findCentre(db: DbOrTx, id: number): ServiceCentreRow | undefined {
  return db.select().from(serviceCentres).where(eq(serviceCentres.id, id)).get();
}

/** Every centre, in id order. */
export function allCentres(db: DbOrTx): ServiceCentreRow[] {
  return db.select().from(serviceCentres).orderBy(asc(serviceCentres.id)).all();
}

/** The centres a member of counter staff is assigned to. */
export function centresOfStaff(db: DbOrTx, memberId: number): ServiceCentreRow[] {
  return db.select({ centre: serviceCentres }).from(centreStaff).innerJoin(serviceCentres, eq(serviceCentres.id, centreStaff.centreId)).where(eq(centreStaff.memberId, memberId)).all().map((r) => r.centre);
}

export function isAssigned(db: DbOrTx, centreId: number, memberId: number): boolean {
  return db.select().from(centreStaff).where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.memberId, memberId))).get() !== undefined;
}

export function assign(db: DbOrTx, centreId: number, memberId: number, assigned: boolean): void {
  if (assigned) db.insert(centreStaff).values({ centreId, memberId }).onConflictDoNothing().run();
  else db.delete(centreStaff).where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.memberId, memberId))).run();
}

/** A centre's reservations starting in [from, to), in time order, each with its service's name. */
export function centreReservations(db: DbOrTx, centreId: number, from: Date, to: Date) {
  return db
    .select({ r: reservations, item: serviceItems.name })
    .from(reservations)
    .innerJoin(serviceItems, eq(serviceItems.id, reservations.itemId))
    .where(and(eq(reservations.centreId, centreId), gte(reservations.startAt, from), lt(reservations.startAt, to)))
    .orderBy(asc(reservations.startAt), asc(reservations.id))
    .all();
}

/** Seats held for one slot of an item at a centre. */
export function seatsHeldAt(db: DbOrTx, itemId: number, centreId: number, startAt: Date): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(reservations)
    .where(and(eq(reservations.itemId, itemId), eq(reservations.centreId, centreId), eq(reservations.startAt, startAt), inArray(reservations.status, [...HOLDS_SEAT])))
    .get()!.n;
}

/** What the reservations' outbox sources wait on. */
export const reservationWaits = {
  /** Confirmed, not reminded, and made (or moved) more than `leadMs` before its start. */
  reminder: (leadMs: number) => and(eq(reservations.status, 'confirmed'), isNull(reservations.remindedAt), sql`${reservations.updatedAt} < ${reservations.startAt} - ${leadMs}`)!,
  confirmed: eq(reservations.status, 'confirmed'),
  held: eq(reservations.status, 'held'),
  changeMail: and(eq(reservations.status, 'confirmed'), isNotNull(reservations.changeMailDueAt))!,
};

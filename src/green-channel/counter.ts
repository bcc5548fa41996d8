import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import { centreStaff, members, reservations, serviceCentres, serviceItems } from '../db/schema.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { inLanguage } from '../i18n/bilingual.js';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { readIdToken } from '../tickets/ticket-tokens.js';

/** The centre, when the caller serves there (its assigned counter staff) or coordinates. */
export function servedCentre(db: DbOrTx, principal: Principal, centreId: number) {
  const centre = db.select().from(serviceCentres).where(eq(serviceCentres.id, centreId)).get();
  if (!centre) throw new NotFoundError('Service centre', centreId);
  if (principal.role === 'coordinator') return centre;
  const assigned = principal.role === 'service_staff' && db.select().from(centreStaff).where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.memberId, principal.memberId))).get();
  if (!assigned) throw new ForbiddenError('Only the centre’s own counter staff and coordinators see its reservations.').say('errNotYourCentre');
  return centre;
}

/** The centres a member of counter staff serves at (all, for a coordinator). */
export function myCentres({ db }: DbDeps, principal: Principal) {
  if (principal.role === 'coordinator') return db.select().from(serviceCentres).orderBy(asc(serviceCentres.id)).all();
  return db.select({ centre: serviceCentres }).from(centreStaff).innerJoin(serviceCentres, eq(serviceCentres.id, centreStaff.centreId)).where(eq(centreStaff.memberId, principal.memberId)).all().map((r) => r.centre);
}

/** Assigns a member of counter staff (role service_staff) to a centre, or takes them off it. */
export function assignStaff({ db }: OwnDbDeps, centreId: number, memberId: number, assigned: boolean): void {
  const centre = db.select({ id: serviceCentres.id }).from(serviceCentres).where(eq(serviceCentres.id, centreId)).get();
  if (!centre) throw new NotFoundError('Service centre', centreId);
  const member = db.select().from(members).where(eq(members.id, memberId)).get();
  if (!member) throw new NotFoundError('Member', memberId);
  if (member.role !== 'service_staff') throw new ConflictError(`${member.name} is not counter staff (role service_staff).`, { rule: 'not-staff' }).say('errNotStaff', { name: member.name });
  if (assigned) db.insert(centreStaff).values({ centreId, memberId }).onConflictDoNothing().run();
  else db.delete(centreStaff).where(and(eq(centreStaff.centreId, centreId), eq(centreStaff.memberId, memberId))).run();
}

/** A local day's reservations at a centre, in time order, for the counter. */
export function dayList({ db }: DbDeps, principal: Principal, centreId: number, date: string) {
  const centre = servedCentre(db, principal, centreId);
  const day = DateTime.fromISO(date, { zone: centre.timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new BadRequestError('date must be a day, YYYY-MM-DD.', 'date').say('errDate', { field: 'date' });
  const rows = db
    .select({ r: reservations, item: serviceItems.name })
    .from(reservations)
    .innerJoin(serviceItems, eq(serviceItems.id, reservations.itemId))
    .where(and(eq(reservations.centreId, centreId), gte(reservations.startAt, day.startOf('day').toJSDate()), lt(reservations.startAt, day.plus({ days: 1 }).startOf('day').toJSDate())))
    .orderBy(asc(reservations.startAt), asc(reservations.id))
    .all();
  return {
    centre: { id: centre.id, name: centre.name, timezone: centre.timezone },
    date,
    items: rows.map(({ r, item }) => ({
      id: r.id,
      number: r.number,
      service: item,
      serviceName: inLanguage(item, 'zh-CN'),
      name: r.name,
      company: r.company,
      start: DateTime.fromJSDate(r.startAt, { zone: centre.timezone }).toISO({ suppressMilliseconds: true })!,
      status: r.status,
      checkedInAt: r.checkedInAt ? utc(r.checkedInAt) : null,
      servedAt: r.servedAt ? utc(r.servedAt) : null,
    })),
  };
}

/**
 * Checks a person in at the counter by the QR in their mail (scanned: the signed code) or the
 * number they say. A second time is not an error (`alreadyCheckedIn`); a reservation of another
 * centre, or one cancelled, served or missed, is a 409 naming why.
 */
export function checkInAtCounter({ db, secretKey }: OwnDbDeps & { secretKey: string }, principal: Principal, centreId: number, code: string) {
  return db.transaction((tx) => {
    servedCentre(tx, principal, centreId);
    const typed = code.trim().toUpperCase();
    const row = /^[A-Z2-9]{6}$/.test(typed)
      ? tx.select().from(reservations).where(eq(reservations.number, typed)).get()
      : tx.select().from(reservations).where(eq(reservations.id, readIdToken(secretKey, 'reservation', code))).get();
    if (!row) throw new NotFoundError('Reservation', typed);
    if (row.centreId !== centreId) throw new ConflictError(`Reservation ${row.number} is for another centre.`, { rule: 'other-centre', centreId: row.centreId }).say('errOtherCentre', { number: row.number });
    if (row.status === 'checked_in') return { id: row.id, number: row.number, name: row.name, status: row.status, alreadyCheckedIn: true };
    if (row.status !== 'confirmed') throw new ConflictError(`Reservation ${row.number} is ${row.status}.`, { rule: 'not-checkable', reservationStatus: row.status }).say('errReservationDone', { number: row.number, status: row.status });
    const now = nowDate();
    tx.update(reservations).set({ status: 'checked_in', checkedInAt: now, updatedAt: now }).where(eq(reservations.id, row.id)).run();
    return { id: row.id, number: row.number, name: row.name, status: 'checked_in' as const, alreadyCheckedIn: false };
  }, IMMEDIATE);
}

/** Marks a person served (checked in first if they were not): the end of their visit. */
export function markServed({ db }: OwnDbDeps, principal: Principal, reservationId: number) {
  return db.transaction((tx) => {
    const row = tx.select().from(reservations).where(eq(reservations.id, reservationId)).get();
    if (!row) throw new NotFoundError('Reservation', reservationId);
    servedCentre(tx, principal, row.centreId);
    if (row.status === 'served') return { id: row.id, number: row.number, status: row.status };
    if (row.status !== 'checked_in' && row.status !== 'confirmed') throw new ConflictError(`Reservation ${row.number} is ${row.status}.`, { rule: 'not-servable', reservationStatus: row.status }).say('errReservationDone', { number: row.number, status: row.status });
    const now = new Date(nowMs());
    tx.update(reservations).set({ status: 'served', checkedInAt: row.checkedInAt ?? now, servedAt: now, updatedAt: now }).where(eq(reservations.id, row.id)).run();
    return { id: row.id, number: row.number, status: 'served' as const };
  }, IMMEDIATE);
}

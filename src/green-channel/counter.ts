import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import { IMMEDIATE, type DbOrTx } from '../db/database.js';
import { findMemberRow } from '../members/members-service.js';
import { allCentres, assign, centreReservations, centresOfStaff, findCentre, findReservation, isAssigned, reservationByNumber, updateReservation } from './green-channel-dal.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { inLanguage } from '../i18n/bilingual.js';
import type { DbDeps, OwnDbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { readIdToken } from '../codes/ticket-tokens.js';

/** The centre, when the caller serves there (its assigned counter staff) or coordinates. */
export function servedCentre(db: DbOrTx, principal: Principal, centreId: number) {
  const centre = findCentre(db, centreId);
  if (!centre) throw new NotFoundError('Service centre', centreId);
  if (principal.role === 'coordinator') return centre;
  const assigned = principal.role === 'service_staff' && isAssigned(db, centreId, principal.memberId);
  if (!assigned) throw new ForbiddenError('Only the centre’s own counter staff and coordinators see its reservations.').say('errNotYourCentre');
  return centre;
}

/** The centres a member of counter staff serves at (all, for a coordinator). */
export function myCentres({ db }: DbDeps, principal: Principal) {
  return principal.role === 'coordinator' ? allCentres(db) : centresOfStaff(db, principal.memberId);
}

/** Assigns a member of counter staff (role service_staff) to a centre, or takes them off it. */
export function assignStaff({ db }: OwnDbDeps, centreId: number, memberId: number, assigned: boolean): void {
  const centre = findCentre(db, centreId);
  if (!centre) throw new NotFoundError('Service centre', centreId);
  const member = findMemberRow({ db }, memberId);
  if (!member) throw new NotFoundError('Member', memberId);
  if (member.role !== 'service_staff') throw new ConflictError(`${member.name} is not counter staff (role service_staff).`, { rule: 'not-staff' }).say('errNotStaff', { name: member.name });
  assign(db, centreId, memberId, assigned);
}

/** A local day's reservations at a centre, in time order, for the counter. */
export function dayList({ db }: DbDeps, principal: Principal, centreId: number, date: string) {
  const centre = servedCentre(db, principal, centreId);
  const day = DateTime.fromISO(date, { zone: centre.timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new BadRequestError('date must be a day, YYYY-MM-DD.', 'date').say('errDate', { field: 'date' });
  const rows = centreReservations(db, centreId, day.startOf('day').toJSDate(), day.plus({ days: 1 }).startOf('day').toJSDate());
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
    const row = /^[A-Z2-9]{6}$/.test(typed) ? reservationByNumber(tx, typed) : findReservation(tx, readIdToken(secretKey, 'reservation', code));
    if (!row) throw new NotFoundError('Reservation', typed);
    if (row.centreId !== centreId) throw new ConflictError(`Reservation ${row.number} is for another centre.`, { rule: 'other-centre', centreId: row.centreId }).say('errOtherCentre', { number: row.number });
    if (row.status === 'checked_in') return { id: row.id, number: row.number, name: row.name, status: row.status, alreadyCheckedIn: true };
    if (row.status !== 'confirmed') throw new ConflictError(`Reservation ${row.number} is ${row.status}.`, { rule: 'not-checkable', reservationStatus: row.status }).say('errReservationDone', { number: row.number, status: row.status });
    const now = nowDate();
    updateReservation(tx, row.id, { status: 'checked_in', checkedInAt: now, updatedAt: now });
    return { id: row.id, number: row.number, name: row.name, status: 'checked_in' as const, alreadyCheckedIn: false };
  }, IMMEDIATE);
}

/** Marks a person served (checked in first if they were not): the end of their visit. */
export function markServed({ db }: OwnDbDeps, principal: Principal, reservationId: number) {
  return db.transaction((tx) => {
    const row = findReservation(tx, reservationId);
    if (!row) throw new NotFoundError('Reservation', reservationId);
    servedCentre(tx, principal, row.centreId);
    if (row.status === 'served') return { id: row.id, number: row.number, status: row.status };
    if (row.status !== 'checked_in' && row.status !== 'confirmed') throw new ConflictError(`Reservation ${row.number} is ${row.status}.`, { rule: 'not-servable', reservationStatus: row.status }).say('errReservationDone', { number: row.number, status: row.status });
    const now = new Date(nowMs());
    updateReservation(tx, row.id, { status: 'served', checkedInAt: row.checkedInAt ?? now, servedAt: now, updatedAt: now });
    return { id: row.id, number: row.number, status: 'served' as const };
  }, IMMEDIATE);
}

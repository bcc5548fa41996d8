import { and, asc, eq, gt, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { blackouts, bookings, events, members, registrations, venues, type BookingStatus } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';
import type { Interval } from '../time/intervals.js';
import { MAX_BOOKING_MS } from './booking-limits.js';

export type BookingRow = typeof bookings.$inferSelect;


/** The bookings with these ids, in id order (those that exist). */
export function findBookings(db: DbOrTx, ids: number[]): BookingRow[] {
  return ids.length === 0 ? [] : db.select().from(bookings).where(inArray(bookings.id, ids)).orderBy(asc(bookings.id)).all();
}

export function findBooking(db: DbOrTx, id: number): BookingRow {
  const row = db.select().from(bookings).where(eq(bookings.id, id)).get();
  if (!row) throw new NotFoundError('Booking request', id);
  return row;
}

/**
 * Approved bookings of the venue(s) overlapping the interval: start in (interval.start − MAX,
 * interval.end) is a range scan of the (venue, status, start) index, then the exact end test.
 */
function approvedIn(venues: SQL, interval: Interval): SQL {
  return and(
    venues,
    eq(bookings.status, 'approved'),
    gt(bookings.startAt, new Date(interval.start - MAX_BOOKING_MS)),
    lt(bookings.startAt, new Date(interval.end)),
    gt(bookings.endAt, new Date(interval.start)),
  )!;
}

/** Approved bookings of the venue overlapping the interval (other than `exceptId`). */
export function approvedOverlapping(db: DbOrTx, venueId: number, interval: Interval, exceptId?: number) {
  return db
    .select({ id: bookings.id, startAt: bookings.startAt, endAt: bookings.endAt })
    .from(bookings)
    .where(and(approvedIn(eq(bookings.venueId, venueId), interval), exceptId ? ne(bookings.id, exceptId) : undefined))
    .orderBy(asc(bookings.startAt))
    .all();
}

/**
 * What stands in the way at each of several venues in a window: approved bookings and blackouts,
 * two queries for all of them (the search asks for hundreds of venues at once), read through the
 * (venue, status, start) and (venue, start) indexes.
 */
export function takenIntervals(db: DbOrTx, venueIds: number[], window: Interval): Map<number, Interval[]> {
  const taken = new Map<number, Interval[]>(venueIds.map((id) => [id, []]));
  if (venueIds.length === 0) return taken;
  const booked = db
    .select({ venueId: bookings.venueId, startAt: bookings.startAt, endAt: bookings.endAt })
    .from(bookings)
    .where(approvedIn(inArray(bookings.venueId, venueIds), window))
    .all();
  const blocked = db
    .select({ venueId: blackouts.venueId, startAt: blackouts.startAt, endAt: blackouts.endAt })
    .from(blackouts)
    .where(and(inArray(blackouts.venueId, venueIds), lt(blackouts.startAt, new Date(window.end)), gt(blackouts.endAt, new Date(window.start))))
    .all();
  for (const row of [...booked, ...blocked]) taken.get(row.venueId)!.push({ start: row.startAt.getTime(), end: row.endAt.getTime() });
  return taken;
}

/** An event that stands on a booking: one still to happen (a draft or published), with how many people are registered. */
export interface StandingEvent {
  id: number;
  bookingId: number;
  title: string;
  status: 'draft' | 'published';
  registered: number;
}

/**
 * The draft and published events standing on these bookings. A booking they stand on may not end
 * without them (booking-endings.ts): ending it would leave a published event at a place that is
 * no longer its, and the slot free to be approved for someone else.
 */
export function eventsStandingOn(db: DbOrTx, bookingIds: number[]): StandingEvent[] {
  if (bookingIds.length === 0) return [];
  // Qualified by hand: in a query without a join drizzle writes columns unqualified, and the
  // subquery's "id" would then be the registration's own.
  const registered = sql<number>`(select count(*) from ${registrations} r where r.event_id = "events"."id" and r.status != 'cancelled')`;
  return db
    .select({ id: events.id, bookingId: sql<number>`${events.bookingId}`, title: events.title, status: sql<'draft' | 'published'>`${events.status}`, registered })
    .from(events)
    .where(and(inArray(events.bookingId, bookingIds), inArray(events.status, ['draft', 'published'])))
    .orderBy(asc(events.id))
    .all();
}

export function blackoutsOverlapping(db: DbOrTx, venueId: number, interval: Interval) {
  return db
    .select()
    .from(blackouts)
    .where(and(eq(blackouts.venueId, venueId), lt(blackouts.startAt, new Date(interval.end)), gt(blackouts.endAt, new Date(interval.start))))
    .orderBy(asc(blackouts.startAt))
    .all();
}

/** Who decides on a park's requests: its park managers (or, if it has none yet, the coordinators). */
export function deciders(db: DbOrTx, parkOrganizationId: number) {
  const managers = db
    .select()
    .from(members)
    .where(and(eq(members.organizationId, parkOrganizationId), eq(members.role, 'park_manager')))
    .all();
  return managers.length > 0 ? managers : db.select().from(members).where(eq(members.role, 'coordinator')).all();
}

export function findMember(db: DbOrTx, id: number) {
  const row = db.select().from(members).where(eq(members.id, id)).get();
  if (!row) throw new NotFoundError('Member', id);
  return row;
}

type BookingValues = typeof bookings.$inferInsert;

export function insertBooking(db: DbOrTx, values: BookingValues): BookingRow {
  return db.insert(bookings).values(values).returning().get();
}

/** Changes a booking if it is still at `version`; undefined when it moved on meanwhile. */
export function updateBookingAtVersion(db: DbOrTx, id: number, version: number, values: Partial<BookingValues>): BookingRow | undefined {
  return db.update(bookings).set(values).where(and(eq(bookings.id, id), eq(bookings.version, version))).returning().get();
}

/** Every request of a group (one slot asked of several venues), in id order. */
export function groupBookings(db: DbOrTx, groupId: string): BookingRow[] {
  return db.select().from(bookings).where(eq(bookings.groupId, groupId)).orderBy(asc(bookings.id)).all();
}

/** The group's other requests still pending. */
export function pendingSiblings(db: DbOrTx, groupId: string, exceptId: number): BookingRow[] {
  return db.select().from(bookings).where(and(eq(bookings.groupId, groupId), eq(bookings.status, 'pending'), ne(bookings.id, exceptId))).all();
}

/** The group's approved request, if one was. */
export function approvedOfGroup(db: DbOrTx, groupId: string): BookingRow | undefined {
  return db.select().from(bookings).where(and(eq(bookings.groupId, groupId), eq(bookings.status, 'approved'))).get();
}

/** Whether any request of the group is still pending or approved. */
export function groupStillOpen(db: DbOrTx, groupId: string): boolean {
  return db.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.groupId, groupId), inArray(bookings.status, ['pending', 'approved']))).get() !== undefined;
}

/** Every occurrence of a series, earliest first. */
export function seriesBookings(db: DbOrTx, seriesId: string): BookingRow[] {
  return db.select().from(bookings).where(eq(bookings.seriesId, seriesId)).orderBy(asc(bookings.startAt)).all();
}

/** Pending requests whose expiry has passed by `now`. */
export function overduePendingIds(db: DbOrTx, now: Date): number[] {
  return db.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.status, 'pending'), lte(bookings.expiresAt, now))).all().map((row) => row.id);
}

/** Pending requests wait for their expiry (the expiry outbox source's condition). */
export const PENDING_BOOKING = eq(bookings.status, 'pending');

export interface BookingFilter {
  /** Whose requests: a park's venues', an organization's own, or (neither) all. */
  park?: number;
  organization?: number;
  status?: BookingStatus;
  venueId?: number;
  seriesId?: string;
  groupId?: string;
  fromMs?: number;
  toMs?: number;
}

/** One page of requests after `afterId` in id order (`limit` + 1 rows), each with its venue's zone. */
export function bookingsAfter(db: DbOrTx, filter: BookingFilter, afterId: number, limit: number) {
  return db
    .select({ booking: bookings, timezone: venues.timezone })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .where(
      and(
        filter.park !== undefined ? eq(venues.organizationId, filter.park) : undefined,
        filter.organization !== undefined ? eq(bookings.organizationId, filter.organization) : undefined,
        gt(bookings.id, afterId),
        filter.status ? eq(bookings.status, filter.status) : undefined,
        filter.venueId ? eq(bookings.venueId, filter.venueId) : undefined,
        filter.seriesId ? eq(bookings.seriesId, filter.seriesId) : undefined,
        filter.groupId ? eq(bookings.groupId, filter.groupId) : undefined,
        filter.fromMs !== undefined ? gt(bookings.endAt, new Date(filter.fromMs)) : undefined,
        filter.toMs !== undefined ? lt(bookings.startAt, new Date(filter.toMs)) : undefined,
      ),
    )
    .orderBy(asc(bookings.id))
    .limit(limit + 1)
    .all();
}

import { and, asc, count, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import {
  announcements,
  bookings,
  channels,
  deliveries,
  events,
  feedback,
  members,
  organizations,
  organizationYears,
  registrations,
  reservations,
  serviceCategories,
  serviceCentres,
  serviceItems,
  venues,
} from '../db/schema.js';

/**
 * The reports' reads: figures are counted across every capability's tables, so the reports read
 * them here, in one place, never writing.
 */

/** Events that took place in [start, end): completed, or published and over by `now`. */
function heldIn(start: Date, end: Date, now: Date): SQL {
  return and(gte(events.startAt, start), lt(events.startAt, end), or(eq(events.status, 'completed'), and(eq(events.status, 'published'), lt(events.endAt, now))))!;
}

/** Venues, of one park or (null) all. */
export function venuesOfPark(db: DbOrTx, park: number | null) {
  return db.select().from(venues).where(park === null ? undefined : eq(venues.organizationId, park)).all();
}

/** Approved bookings starting in [start, end). */
export function approvedBookingsIn(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({ venueId: bookings.venueId, organizationId: bookings.organizationId, startAt: bookings.startAt, endAt: bookings.endAt })
    .from(bookings)
    .where(and(eq(bookings.status, 'approved'), gte(bookings.startAt, start), lt(bookings.startAt, end)))
    .all();
}

/** Approved bookings starting in [start, end) with the venue's owner and fee. */
export function approvedBookingsWithOwner(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({ owner: venues.organizationId, by: bookings.organizationId, startAt: bookings.startAt, endAt: bookings.endAt, fee: venues.feePerHour })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .where(and(eq(bookings.status, 'approved'), gte(bookings.startAt, start), lt(bookings.startAt, end)))
    .all();
}

/** Events held in [start, end) (see heldIn), with their booking's venue. */
export function eventsHeld(db: DbOrTx, start: Date, end: Date, now: Date) {
  return db
    .select({ id: events.id, organizationId: events.organizationId, startAt: events.startAt, venueId: bookings.venueId, coOrganizerIds: events.coOrganizerIds, questions: events.questions })
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .where(heldIn(start, end, now))
    .all();
}

/** Seats of these events (confirmed or checked in), counted per event and status. */
export function seatCounts(db: DbOrTx, eventIds: number[]) {
  return db
    .select({ eventId: registrations.eventId, status: registrations.status, n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(inArray(registrations.eventId, eventIds), inArray(registrations.status, ['confirmed', 'checked_in'])))
    .groupBy(registrations.eventId, registrations.status)
    .all();
}

/** The answers of the people holding seats at these events. */
export function seatAnswers(db: DbOrTx, eventIds: number[]) {
  return db
    .select({ eventId: registrations.eventId, answers: registrations.answers })
    .from(registrations)
    .where(and(inArray(registrations.eventId, eventIds), inArray(registrations.status, ['confirmed', 'checked_in'])))
    .all();
}

/** Deliveries sent about these events, counted per event and kind of target. */
export function sentCounts(db: DbOrTx, eventIds: number[]) {
  return db
    .select({ eventId: announcements.eventId, targetType: deliveries.targetType, n: sql<number>`count(*)` })
    .from(deliveries)
    .innerJoin(announcements, eq(announcements.id, deliveries.announcementId))
    .where(and(inArray(announcements.eventId, eventIds), eq(deliveries.status, 'sent')))
    .groupBy(announcements.eventId, deliveries.targetType)
    .all();
}

/** Feedback on these events: responses and the sum of ratings, per event. */
export function feedbackCounts(db: DbOrTx, eventIds: number[]) {
  return db
    .select({ eventId: feedback.eventId, n: sql<number>`count(*)`, ratingSum: sql<number>`sum(${feedback.rating})` })
    .from(feedback)
    .where(inArray(feedback.eventId, eventIds))
    .groupBy(feedback.eventId)
    .all();
}

/** Organizations by name: one, or (undefined) all. */
export function organizationsByName(db: DbOrTx, id?: number) {
  return db.select().from(organizations).where(id ? eq(organizations.id, id) : undefined).orderBy(asc(organizations.name)).all();
}

/** The office (the first coordinator organization), if there is one. */
export function officeId(db: DbOrTx): number | undefined {
  return db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'coordinator')).orderBy(asc(organizations.id)).get()?.id;
}

/** The organizations' self-reported counts for a year. */
export function yearCounts(db: DbOrTx, year: number) {
  return db.select().from(organizationYears).where(eq(organizationYears.year, year)).all();
}

/** Reservations for slots starting in [start, end), with their centre and category. */
export function reservationsIn(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({ r: reservations, centre: serviceCentres.name, categoryCode: serviceCategories.code, category: serviceCategories.name })
    .from(reservations)
    .innerJoin(serviceItems, eq(serviceItems.id, reservations.itemId))
    .innerJoin(serviceCategories, eq(serviceCategories.id, serviceItems.categoryId))
    .innerJoin(serviceCentres, eq(serviceCentres.id, reservations.centreId))
    .where(and(gte(reservations.startAt, start), lt(reservations.startAt, end)))
    .all();
}

/** Requests still to be decided and not over by `now` — of one park's venues or one organization's, or (neither) all: how many, and the oldest. */
export function pendingBookings(db: DbOrTx, scope: { park?: number; organization?: number }, now: Date) {
  const where = and(
    scope.park !== undefined ? eq(venues.organizationId, scope.park) : undefined,
    scope.organization !== undefined ? eq(bookings.organizationId, scope.organization) : undefined,
    eq(bookings.status, 'pending'),
    gt(bookings.endAt, now),
  );
  const total = db.select({ n: count() }).from(bookings).innerJoin(venues, eq(venues.id, bookings.venueId)).where(where).get()?.n ?? 0;
  const oldest = db
    .select({ id: bookings.id, createdAt: bookings.createdAt, startAt: bookings.startAt, endAt: bookings.endAt, venueName: venues.name, timezone: venues.timezone, purpose: bookings.purpose })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .where(where)
    .orderBy(asc(bookings.createdAt), asc(bookings.id))
    .get();
  return { total, oldest };
}

/** Deliveries that gave up since `since`. */
export function deadDeliveriesSince(db: DbOrTx, since: Date): number {
  return db.select({ n: count() }).from(deliveries).where(and(eq(deliveries.status, 'dead'), gte(deliveries.updatedAt, since))).get()?.n ?? 0;
}

/** Channels switched off, by name, with why. */
export function switchedOffChannels(db: DbOrTx) {
  return db.select({ id: channels.id, name: channels.name, reason: channels.disabledReason }).from(channels).where(eq(channels.active, false)).orderBy(asc(channels.name)).all();
}

/** Members added since `since`: how many, and the newest `limit` with their organization. */
export function membersSince(db: DbOrTx, since: Date, limit: number) {
  const where = gte(members.createdAt, since);
  const total = db.select({ n: count() }).from(members).where(where).get()?.n ?? 0;
  const items = db
    .select({ id: members.id, name: members.name, role: members.role, organizationId: members.organizationId, organization: organizations.name, createdAt: members.createdAt })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(where)
    .orderBy(desc(members.createdAt), desc(members.id))
    .limit(limit)
    .all();
  return { total, items };
}

import { and, asc, eq, gt, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';
import { bookings, coOrganizerRequests, events, organizations, registrations, venues } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';

export type EventRow = typeof events.$inferSelect;
export type VenueOfEvent = Pick<typeof venues.$inferSelect, 'id' | 'name' | 'address' | 'timezone' | 'organizationId' | 'capacity' | 'viewVersion'>;

export interface EventWithPlace {
  event: EventRow;
  venue: VenueOfEvent | null;
  seatsTaken: number;
}

/** Registrations that take a seat: held (awaiting the mailed link), confirmed and checked in. */
export const SEAT_STATUSES = ['held', 'confirmed', 'checked_in'] as const;

/** Seats taken, as a column of an event query. */
export const seatsTakenSql = sql<number>`(select count(*) from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} in ('held', 'confirmed', 'checked_in'))`;

const placeColumns = {
  event: events,
  venue: { id: venues.id, name: venues.name, address: venues.address, timezone: venues.timezone, organizationId: venues.organizationId, capacity: venues.capacity, viewVersion: venues.viewVersion },
  seatsTaken: seatsTakenSql,
};

/** Events joined with the venue of their booking, if any. */
export function selectEventsWithPlace(db: DbOrTx) {
  return db.select(placeColumns).from(events).leftJoin(bookings, eq(bookings.id, events.bookingId)).leftJoin(venues, eq(venues.id, bookings.venueId));
}


/** The hot reads of registering and of an event's pages, prepared once per database. */
const hotQueries = preparedOnce((db) => ({
  eventWithPlace: selectEventsWithPlace(db).where(eq(events.id, sql.placeholder('id'))).prepare(),
  versions: db
    .select({
      id: events.id,
      status: events.status,
      organizationId: events.organizationId,
      coOrganizerIds: events.coOrganizerIds,
      endMs: sql<number>`${events.endAt}`,
      eventVersion: events.viewVersion,
      venueId: venues.id,
      venueVersion: venues.viewVersion,
      seatsTaken: seatsTakenSql,
    })
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(eq(events.id, sql.placeholder('id')))
    .prepare(),
  seatsTaken: db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(eq(registrations.eventId, sql.placeholder('eventId')), inArray(registrations.status, [...SEAT_STATUSES])))
    .prepare(),
}));

export function findEventWithPlace(db: DbOrTx, id: number): EventWithPlace {
  const row = isDatabase(db) ? hotQueries(db).eventWithPlace.get({ id }) : selectEventsWithPlace(db).where(eq(events.id, id)).get();
  if (!row) throw new NotFoundError('Event', id);
  return row;
}

/** What names an event's public forms (its and its venue's versions), with its status, organizers, end and seats taken; undefined when there is none. */
export function eventVersions(db: Db, id: number) {
  return hotQueries(db).versions.get({ id });
}

export function seatsTaken(db: DbOrTx, eventId: number): number {
  if (isDatabase(db)) return hotQueries(db).seatsTaken.get({ eventId })!.n;
  return db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, [...SEAT_STATUSES])))
    .get()!.n;
}

/** Published events: what the completion job waits on. */
export const PUBLISHED = eq(events.status, 'published');

/** What the completion job needs to know of an event. */
export function completionState(db: DbOrTx, id: number) {
  return db.select({ status: events.status, endAt: events.endAt }).from(events).where(eq(events.id, id)).get();
}

/** Marks a published event completed if it has ended by `now`; whether it did. */
export function markCompleted(db: DbOrTx, id: number, now: Date): boolean {
  return (
    db
      .update(events)
      .set({ status: 'completed', updatedAt: now, picturesEnqueuedAt: null })
      .where(and(eq(events.id, id), eq(events.status, 'published'), lte(events.endAt, now)))
      .run().changes > 0
  );
}

export type EventValues = typeof events.$inferInsert;

/** An event as stored, if any (without its place). */
export function findEventRow(db: DbOrTx, id: number): EventRow | undefined {
  return db.select().from(events).where(eq(events.id, id)).get();
}

export function insertEvent(db: DbOrTx, values: EventValues): EventRow {
  return db.insert(events).values(values).returning().get();
}

/** Changes an event and answers it as it is now. */
export function updateEventRow(db: DbOrTx, id: number, values: Partial<EventValues>): EventRow {
  return db.update(events).set(values).where(eq(events.id, id)).returning().get();
}

/** The event held on a booking, if any. */
export function eventOnBooking(db: DbOrTx, bookingId: number): { id: number } | undefined {
  return db.select({ id: events.id }).from(events).where(eq(events.bookingId, bookingId)).get();
}

/** The organizations that accepted co-organizing the event. */
export function acceptedCoOrganizerIds(db: DbOrTx, eventId: number): Set<number> {
  return new Set(
    db
      .select({ id: coOrganizerRequests.organizationId })
      .from(coOrganizerRequests)
      .where(and(eq(coOrganizerRequests.eventId, eventId), eq(coOrganizerRequests.status, 'accepted')))
      .all()
      .map((r) => r.id),
  );
}

/** Keeps exactly these organizations asked for the event: others' requests go, new ones are asked (existing answers stay). */
export function keepCoOrganizerRequests(db: DbOrTx, eventId: number, ids: number[]): void {
  db.delete(coOrganizerRequests)
    .where(and(eq(coOrganizerRequests.eventId, eventId), ids.length ? notInArray(coOrganizerRequests.organizationId, ids) : undefined))
    .run();
  for (const organizationId of ids) db.insert(coOrganizerRequests).values({ eventId, organizationId }).onConflictDoNothing().run();
}

/** The organizations named on an event and their answers, in the order named. */
export function namedWithAnswers(db: DbOrTx, eventId: number) {
  return db
    .select({ organizationId: coOrganizerRequests.organizationId, name: organizations.name, status: coOrganizerRequests.status })
    .from(coOrganizerRequests)
    .innerJoin(organizations, eq(organizations.id, coOrganizerRequests.organizationId))
    .where(eq(coOrganizerRequests.eventId, eventId))
    .orderBy(asc(coOrganizerRequests.createdAt), asc(coOrganizerRequests.organizationId))
    .all();
}

export function findCoOrganizerRequest(db: DbOrTx, eventId: number, organizationId: number) {
  return db.select().from(coOrganizerRequests).where(and(eq(coOrganizerRequests.eventId, eventId), eq(coOrganizerRequests.organizationId, organizationId))).get();
}

export function answerCoOrganizerRequest(db: DbOrTx, eventId: number, organizationId: number, values: Pick<typeof coOrganizerRequests.$inferInsert, 'status' | 'answeredBy' | 'answeredAt'>) {
  return db
    .update(coOrganizerRequests)
    .set(values)
    .where(and(eq(coOrganizerRequests.eventId, eventId), eq(coOrganizerRequests.organizationId, organizationId)))
    .returning()
    .get();
}

/** Events still to come (draft or published, ending after `now`) whose organizer asked this organization to co-organize, soonest first. */
export function coOrganizingAskedOf(db: DbOrTx, organizationId: number, now: Date) {
  return db
    .select({ eventId: events.id, title: events.title, startAt: events.startAt, endAt: events.endAt, organizerId: events.organizationId, organizer: organizations.name })
    .from(coOrganizerRequests)
    .innerJoin(events, eq(events.id, coOrganizerRequests.eventId))
    .innerJoin(organizations, eq(organizations.id, events.organizationId))
    .where(and(eq(coOrganizerRequests.organizationId, organizationId), eq(coOrganizerRequests.status, 'asked'), inArray(events.status, ['draft', 'published']), gt(events.endAt, now)))
    .orderBy(asc(events.startAt))
    .all();
}

/** Marks that the event's attendees were asked for feedback (once). */
export function markFeedbackRequested(db: DbOrTx, id: number, at: Date): void {
  db.update(events).set({ feedbackRequestedAt: at }).where(and(eq(events.id, id), isNull(events.feedbackRequestedAt))).run();
}

/** Held events not yet asked about wait for their feedback requests (the feedback outbox source's condition). */
export const FEEDBACK_WAITING = and(inArray(events.status, ['published', 'completed']), isNull(events.feedbackRequestedAt))!;

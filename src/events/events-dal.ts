import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';
import { bookings, events, registrations, venues } from '../db/schema.js';
import { NotFoundError } from '../errors/http-errors.js';

export type EventRow = typeof events.$inferSelect;
export type VenueOfEvent = Pick<typeof venues.$inferSelect, 'id' | 'name' | 'address' | 'timezone' | 'organizationId' | 'capacity'>;

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
  venue: { id: venues.id, name: venues.name, address: venues.address, timezone: venues.timezone, organizationId: venues.organizationId, capacity: venues.capacity },
  seatsTaken: seatsTakenSql,
};

/** Events joined with the venue of their booking, if any. */
export function selectEventsWithPlace(db: DbOrTx) {
  return db.select(placeColumns).from(events).leftJoin(bookings, eq(bookings.id, events.bookingId)).leftJoin(venues, eq(venues.id, bookings.venueId));
}


/** The hot reads of registering and of an event's pages, prepared once per database. */
const hotQueries = preparedOnce((db) => ({
  eventWithPlace: selectEventsWithPlace(db).where(eq(events.id, sql.placeholder('id'))).prepare(),
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

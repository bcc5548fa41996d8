import type { Db, DbOrTx, Tx } from '../db/database.js';

/**
 * What every service needs besides its arguments, built once per app (app.deps): the database,
 * the key that signs links and opens secrets, the public address links point to, and the rules'
 * settings. Every service function takes it first, as `deps` or the part it uses, so routes,
 * pages and jobs all call services the same way: `approveBooking(app.deps, principal, id, …)`.
 */
export interface ServiceDeps {
  db: Db;
  secretKey: string;
  publicUrl: string;
  /** BOOKING_PENDING_DAYS */
  pendingDays: number;
  /** REGISTRATION_HOLD in ms */
  holdMs: number;
  /** RESERVATION_HOLD in ms */
  reservationHoldMs: number;
  /** RESERVE_HOLDS_PER_IP */
  reserveHoldsPerIp: number;
  /** UPDATE_SETTLE in ms */
  updateSettleMs: number;
  /** The privacy notice the forms show now (its version), recorded with what people give. */
  noticeVersion: string;
  /** What a change of an event does to the people registered for it (src/registrations). */
  registrants: EventRegistrants;
}

/**
 * What a change of an event does to the people registered for it. A registration belongs to an
 * event (src/registrations imports src/events, never the reverse), so the event's rules reach its
 * registrations through this port: src/registrations/event-registrants.ts provides it and the
 * services plugin puts it into app.deps. Both run inside the change's transaction.
 */
export interface EventRegistrants {
  /** More seats on a published event: the waitlisted move up (and are told). */
  seatsAdded(tx: Tx, eventId: number): void;
  /** A published event was cancelled: everyone registered is mailed once. */
  cancelled(tx: Tx, eventId: number): void;
}

/**
 * The part of the deps a service that only reads or writes rows needs. Its `db` may be a
 * transaction: a caller composing several steps passes `{ ...deps, db: tx }` (or `{ db: tx }`).
 */
export interface DbDeps {
  db: DbOrTx;
}

/** For the steps that open their own (immediate) transaction: not inside someone else's. */
export interface OwnDbDeps {
  db: Db;
}

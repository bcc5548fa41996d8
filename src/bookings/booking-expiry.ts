import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { bookings } from '../db/schema.js';
import { jobIds, type ExpireBookingJob } from '../jobs/catalogue.js';
import type { OutboxSource } from '../jobs/outbox-relay.js';
import type { Processor } from '../jobs/queue-driver.js';
import { expireBooking } from './booking-decisions.js';

/** Each pending request gets one delayed job that fires at its expiry. */
export function bookingExpirySource(db: Db): OutboxSource<'database'> {
  return {
    name: 'booking-expiry',
    queue: 'database',
    claim(staleBefore, limit) {
      const rows = db
        .select({ id: bookings.id, expiresAt: bookings.expiresAt })
        .from(bookings)
        .where(and(eq(bookings.status, 'pending'), or(isNull(bookings.expiryEnqueuedAt), lt(bookings.expiryEnqueuedAt, staleBefore))))
        .orderBy(asc(bookings.id))
        .limit(limit)
        .all();
      const now = Date.now();
      return {
        rowIds: rows.map((row) => row.id),
        jobs: rows.map((row) => ({
          name: 'expire-booking' as const,
          data: { bookingId: row.id },
          opts: { jobId: jobIds.expireBooking(row.id), delayMs: Math.max(0, row.expiresAt.getTime() - now) },
        })),
      };
    },
    markEnqueued(rowIds, at) {
      db.update(bookings).set({ expiryEnqueuedAt: at }).where(inArray(bookings.id, rowIds)).run();
    },
  };
}

/** Timers may fire a little before the wall clock reaches the expiry; such a job waits out the rest. */
const EARLY_TOLERANCE_MS = 60_000;

export function expireBookingProcessor(db: Db, wroteOutbox: () => void): Processor<ExpireBookingJob> {
  return async ({ bookingId }, ctx) => {
    const row = db.select({ status: bookings.status, expiresAt: bookings.expiresAt }).from(bookings).where(eq(bookings.id, bookingId)).get();
    if (row?.status !== 'pending') return;
    const early = row.expiresAt.getTime() - Date.now();
    if (early > EARLY_TOLERANCE_MS) throw new Error(`Booking ${bookingId} is not due to expire for another ${Math.round(early / 1000)} s.`);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early + 1));
    if (!expireBooking(db, bookingId)) return;
    ctx.log.info({ bookingId }, 'booking request expired');
    wroteOutbox();
  };
}

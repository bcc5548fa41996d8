import type { Db } from '../db/database.js';
import { bookings } from '../db/schema.js';
import { jobIds, type ExpireBookingJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';
import { expireBooking } from './booking-decisions.js';
import { findBookings, PENDING_BOOKING } from './bookings-dal.js';

/** Each pending request gets one delayed job that fires at its expiry. */
export function bookingExpirySource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'booking-expiry',
    table: bookings,
    id: bookings.id,
    dueAt: bookings.expiresAt,
    enqueuedAt: bookings.expiryEnqueuedAt,
    waiting: PENDING_BOOKING,
    job: { name: 'expire-booking', data: (bookingId) => ({ bookingId }), jobId: jobIds.expireBooking },
  });
}

export function expireBookingProcessor(db: Db, wroteOutbox: () => void): Processor<ExpireBookingJob> {
  return async ({ bookingId }, ctx) => {
    const [row] = findBookings(db, [bookingId]);
    if (row?.status !== 'pending' || !(await waitUntilDue(row.expiresAt))) return;
    if (!expireBooking({ db }, bookingId)) return;
    ctx.log.info({ bookingId }, 'booking request expired');
    wroteOutbox();
  };
}

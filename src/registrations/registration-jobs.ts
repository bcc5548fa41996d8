import type { Db } from '../db/database.js';
import { registrations } from '../db/schema.js';
import { jobIds, type ExpireHoldJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';
import type { LinkDeps } from './registration-links.js';
import { findRegistrationRecord, heldSeatWaiting } from './registrations-dal.js';
import { releaseLapsedHold } from './registrations-service.js';

/** Each held seat gets one delayed job at the end of its hold (REGISTRATION_HOLD). */
export function holdExpirySource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'registration-holds',
    table: registrations,
    id: registrations.id,
    dueAt: registrations.holdExpiresAt,
    enqueuedAt: registrations.holdEnqueuedAt,
    waiting: heldSeatWaiting,
    job: { name: 'expire-hold', data: (registrationId) => ({ registrationId }), jobId: jobIds.expireHold },
  });
}

/** Gives an unconfirmed seat back to the waitlist once its hold has lapsed. */
export function expireHoldProcessor(db: Db, deps: LinkDeps, wroteOutbox: () => void): Processor<ExpireHoldJob> {
  return async ({ registrationId }, ctx) => {
    const row = findRegistrationRecord(db, registrationId);
    if (row?.status !== 'held' || !row.holdExpiresAt || !(await waitUntilDue(row.holdExpiresAt))) return;
    if (!releaseLapsedHold({ ...deps, db }, registrationId)) return;
    ctx.log.info({ registrationId }, 'held seat released: not confirmed in time');
    wroteOutbox();
  };
}

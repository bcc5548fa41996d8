import type { Principal } from '../auth/principal.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventWithPlace } from '../events/events-service.js';
import { registrationCounts } from '../registrations/registrations-service.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowMs } from '../time/clock.js';

/** Who came to an event: seats confirmed, held, checked in, the waitlist, cancellations, and (once it has ended) the no-shows. */
export function attendance({ db }: DbDeps, principal: Principal, eventId: number) {
  const { event } = eventWithPlace({ db }, eventId);
  assertRunsEvent(principal, event);
  const counts = registrationCounts({ db }, eventId);
  const ended = event.endAt.getTime() <= nowMs();
  return {
    eventId,
    capacity: event.capacity,
    confirmed: counts.confirmed ?? 0,
    held: counts.held ?? 0,
    checkedIn: counts.checked_in ?? 0,
    waitlisted: counts.waitlisted ?? 0,
    cancelled: counts.cancelled ?? 0,
    noShows: ended ? (counts.confirmed ?? 0) : null,
  };
}

import type { Principal } from '../auth/principal.js';
import { deadDeliveriesSince, membersSince, pendingBookings, switchedOffChannels } from './reports-dal.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowMs } from '../time/clock.js';

/**
 * What waits for someone when they sign in (their home page): the requests waiting for a
 * decision, the deliveries that failed, the members who joined. Each answer is counted in the
 * database, not from a page of rows, so "12 waiting" is 12 however many there are.
 */

/** Requests still to be decided: at a park manager's park, made by an organizer's organization, or anywhere for a coordinator. */
export function pendingRequests({ db }: DbDeps, principal: Principal) {
  const scope = principal.role === 'coordinator' ? {} : principal.role === 'park_manager' ? { park: principal.organizationId } : { organization: principal.organizationId };
  const { total, oldest } = pendingBookings(db, scope, new Date(nowMs()));
  return { count: total, oldest: oldest ?? null };
}

/** Deliveries that gave up in the last `days` days, and the channels switched off (e.g. a robot's address gone). */
export function failingDeliveries({ db }: DbDeps, days = 30) {
  const since = new Date(nowMs() - days * 24 * 3600_000);
  const dead = deadDeliveriesSince(db, since);
  const switchedOff = switchedOffChannels(db);
  return { dead, days, switchedOff };
}

/** Members added in the last `days` days, newest first (at most `limit`), and how many in all. */
export function newMembers({ db }: DbDeps, days = 30, limit = 10) {
  const since = new Date(nowMs() - days * 24 * 3600_000);
  const { total, items } = membersSince(db, since, limit);
  return { count: total, days, items };
}

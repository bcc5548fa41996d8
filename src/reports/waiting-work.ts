import { and, asc, count, desc, eq, gt, gte } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { bookings, channels, deliveries, members, organizations, venues, type Role } from '../db/schema.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowMs } from '../time/clock.js';

/**
 * What waits for someone when they sign in (their home page): the requests waiting for a
 * decision, the deliveries that failed, the members who joined. Each answer is counted in the
 * database, not from a page of rows, so "12 waiting" is 12 however many there are.
 */

/** Requests still to be decided: at a park manager's park, made by an organizer's organization, or anywhere for a coordinator. */
export function pendingRequests({ db }: DbDeps, principal: Principal) {
  const scope =
    principal.role === 'coordinator' ? undefined : principal.role === 'park_manager' ? eq(venues.organizationId, principal.organizationId) : eq(bookings.organizationId, principal.organizationId);
  const where = and(scope, eq(bookings.status, 'pending'), gt(bookings.endAt, new Date(nowMs())));
  const total = db.select({ n: count() }).from(bookings).innerJoin(venues, eq(venues.id, bookings.venueId)).where(where).get()?.n ?? 0;
  const oldest = db
    .select({ id: bookings.id, createdAt: bookings.createdAt, startAt: bookings.startAt, endAt: bookings.endAt, venueName: venues.name, timezone: venues.timezone, purpose: bookings.purpose })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .where(where)
    .orderBy(asc(bookings.createdAt), asc(bookings.id))
    .get();
  return { count: total, oldest: oldest ?? null };
}

/** Deliveries that gave up in the last `days` days, and the channels switched off (e.g. a robot's address gone). */
export function failingDeliveries({ db }: DbDeps, days = 30) {
  const since = new Date(nowMs() - days * 24 * 3600_000);
  const dead = db.select({ n: count() }).from(deliveries).where(and(eq(deliveries.status, 'dead'), gte(deliveries.updatedAt, since))).get()?.n ?? 0;
  const switchedOff = db.select({ id: channels.id, name: channels.name, reason: channels.disabledReason }).from(channels).where(eq(channels.active, false)).orderBy(asc(channels.name)).all();
  return { dead, days, switchedOff };
}

/** Members added in the last `days` days, newest first (at most `limit`), and how many in all. */
export function newMembers({ db }: DbDeps, days = 30, limit = 10) {
  const since = new Date(nowMs() - days * 24 * 3600_000);
  const where = gte(members.createdAt, since);
  const total = db.select({ n: count() }).from(members).where(where).get()?.n ?? 0;
  const items = db
    .select({ id: members.id, name: members.name, role: members.role, organizationId: members.organizationId, organization: organizations.name, createdAt: members.createdAt })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(where)
    .orderBy(desc(members.createdAt), desc(members.id))
    .limit(limit)
    .all() as Array<{ id: number; name: string; role: Role; organizationId: number; organization: string; createdAt: Date }>;
  return { count: total, days, items };
}

import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
import { bookings, members, organizations, parkNotices, parkRobots, venues, type ParkNoticeKind } from '../db/schema.js';
import { CLAIM_LIMIT, dueForQueue } from '../queue/outbox/outbox-marker.js';

export type RobotRow = typeof parkRobots.$inferSelect;

export function robotOf(db: DbOrTx, organizationId: number): RobotRow | undefined {
  return db.select().from(parkRobots).where(eq(parkRobots.organizationId, organizationId)).get();
}

/** Sets a park's robot (a second one replaces the first). */
export function putRobot(db: DbOrTx, organizationId: number, values: Pick<typeof parkRobots.$inferInsert, 'kind' | 'sealedSecrets' | 'updatedAt'>): RobotRow {
  return db
    .insert(parkRobots)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: parkRobots.organizationId, set: values })
    .returning()
    .get();
}

/** Removes a robot and the notices it has not sent. */
export function deleteRobot(db: DbOrTx, robotId: number): void {
  db.delete(parkNotices).where(eq(parkNotices.robotId, robotId)).run();
  db.delete(parkRobots).where(eq(parkRobots.id, robotId)).run();
}

export function insertNotice(db: DbOrTx, values: { robotId: number; bookingId: number; kind: ParkNoticeKind; updatedAt: Date }): void {
  db.insert(parkNotices).values(values).run();
}

/** Pending posts due for the queue, oldest first, each with its robot (the park notices' outbox claim). */
export const dueNotices = preparedOnce((db: Db) =>
  db
    .select({ id: parkNotices.id, bookingId: parkNotices.bookingId, kind: parkNotices.kind, robot: { id: parkRobots.id, kind: parkRobots.kind, sealedSecrets: parkRobots.sealedSecrets } })
    .from(parkNotices)
    .innerJoin(parkRobots, eq(parkRobots.id, parkNotices.robotId))
    .where(dueForQueue(eq(parkNotices.status, 'pending'), parkNotices.enqueuedAt))
    .orderBy(asc(parkNotices.id))
    .limit(CLAIM_LIMIT)
    .prepare(),
);

/** Records a post's outcome; a post sent never changes again, and a late `failed` does not revive a dead one. */
export function settleNotice(db: DbOrTx, id: number, outcome: { status: 'sent' | 'dead' | 'failed'; attempt: number; error?: string }, now: Date): void {
  const attempts = sql`max(${parkNotices.attempts}, ${outcome.attempt})`;
  const open = and(eq(parkNotices.id, id), ne(parkNotices.status, 'sent'));
  if (outcome.status === 'sent') db.update(parkNotices).set({ status: 'sent', attempts, sentAt: now, lastError: null, updatedAt: now }).where(open).run();
  else if (outcome.status === 'dead') db.update(parkNotices).set({ status: 'dead', attempts, lastError: outcome.error ?? null, updatedAt: now }).where(open).run();
  else db.update(parkNotices).set({ attempts, lastError: outcome.error ?? null, updatedAt: now }).where(and(open, eq(parkNotices.status, 'pending'))).run();
}

export function markNoticeDead(db: DbOrTx, id: number, error: string, now: Date): void {
  db.update(parkNotices).set({ status: 'dead', lastError: error, updatedAt: now }).where(eq(parkNotices.id, id)).run();
}

/** What a post about a request says: the request, its venue, who asked (organization and member), and how many dates its series has. */
export function requestFacts(db: DbOrTx, bookingId: number) {
  const row = db
    .select({ booking: bookings, venue: venues, organization: organizations.name, member: members.name })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(organizations, eq(organizations.id, bookings.organizationId))
    .leftJoin(members, eq(members.id, bookings.requestedBy))
    .where(eq(bookings.id, bookingId))
    .get();
  if (!row) return undefined;
  const series = row.booking.seriesId ? db.select({ n: sql<number>`count(*)` }).from(bookings).where(eq(bookings.seriesId, row.booking.seriesId)).get()!.n : 1;
  return { ...row, series };
}

import { and, asc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { invitations, registrations, type RegistrationStatus } from '../db/schema.js';
import { isDatabase, preparedOnce } from '../db/prepared.js';

export type RegistrationRecord = typeof registrations.$inferSelect;
export type RegistrationValues = typeof registrations.$inferInsert;
export type InvitationRow = typeof invitations.$inferSelect;

/** A registration as stored, if any. */
export function findRegistrationRecord(db: DbOrTx, id: number): RegistrationRecord | undefined {
  return db.select().from(registrations).where(eq(registrations.id, id)).get();
}

/**
 * Registering's statements, prepared once per database (a burst of 2,000 registrations spent
 * more time building and preparing these than running them). Used when the caller passes the
 * database itself, also inside its transaction (one connection).
 */
const registering = preparedOnce((db) => {
  return {
    byEmail: db.select().from(registrations).where(and(eq(registrations.eventId, sql.placeholder('eventId')), eq(registrations.email, sql.placeholder('email')))).prepare(),
    byId: db.select().from(registrations).where(eq(registrations.id, sql.placeholder('id'))).prepare(),
    // better-sqlite3's own statement: drizzle's placeholders map a null instant or JSON value
    // through the column's encoder (which fails, or writes the text "null").
    insert: db.$client.prepare<[number, string, string, string | null, string | null, string, string, number, string | null, number | null], { id: number }>(
      'insert into registrations (event_id, name, email, mobile, answers, status, kind, queued_at, notice_version, notice_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id',
    ),
    // A condition's placeholder is not mapped like its column: queuedAt goes in as epoch milliseconds.
    waitlistedAhead: db
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, sql.placeholder('eventId')),
          eq(registrations.status, 'waitlisted'),
          or(lt(registrations.queuedAt, sql.placeholder('queuedAt')), and(eq(registrations.queuedAt, sql.placeholder('queuedAt')), lt(registrations.id, sql.placeholder('id')))),
        ),
      )
      .prepare(),
  };
});

/** The event's registration under this (lower-cased) address, if any. */
export function findRegistrationByEmail(db: DbOrTx, eventId: number, email: string): RegistrationRecord | undefined {
  if (isDatabase(db)) return registering(db).byEmail.get({ eventId, email });
  return db.select().from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.email, email))).get();
}

/** What a new registration is written with; every other column takes its default (none held, cancelled or checked in). */
export type NewRegistration = Pick<RegistrationValues, 'eventId' | 'name' | 'email' | 'mobile' | 'answers' | 'status' | 'kind' | 'queuedAt' | 'noticeVersion' | 'noticeAt'>;

export function insertRegistration(db: DbOrTx, values: NewRegistration): RegistrationRecord {
  if (!isDatabase(db)) return db.insert(registrations).values(values).returning().get();
  const { id } = registering(db).insert.get(
    values.eventId,
    values.name,
    values.email,
    values.mobile ?? null,
    values.answers == null ? null : JSON.stringify(values.answers),
    values.status,
    values.kind ?? 'public',
    values.queuedAt.getTime(),
    values.noticeVersion ?? null,
    values.noticeAt?.getTime() ?? null,
  )!;
  return registering(db).byId.get({ id })!;
}

/** Changes a registration and answers it as it is now. */
export function updateRegistration(db: DbOrTx, id: number, values: Partial<RegistrationValues>): RegistrationRecord {
  return db.update(registrations).set(values).where(eq(registrations.id, id)).returning().get();
}

/** How many of the event's waitlisted registrations are ahead of this one (queue order, then id). */
export function waitlistedAhead(db: DbOrTx, row: Pick<RegistrationRecord, 'eventId' | 'queuedAt' | 'id'>): number {
  if (isDatabase(db)) return registering(db).waitlistedAhead.get({ eventId: row.eventId, queuedAt: row.queuedAt.getTime(), id: row.id })!.n;
  return db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(
      and(
        eq(registrations.eventId, row.eventId),
        eq(registrations.status, 'waitlisted'),
        or(lt(registrations.queuedAt, row.queuedAt), and(eq(registrations.queuedAt, row.queuedAt), lt(registrations.id, row.id))),
      ),
    )
    .get()!.n;
}

/** How many are on the event's waitlist. */
export function waitlistLength(db: DbOrTx, eventId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted'))).get()!.n;
}

/** The next person on the event's waitlist, first come first served. */
export function firstWaitlisted(db: DbOrTx, eventId: number): RegistrationRecord | undefined {
  return db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id))
    .limit(1)
    .get();
}

/** How many of the event's registrations are in each status. */
export function countsByStatus(db: DbOrTx, eventId: number): Partial<Record<RegistrationStatus, number>> {
  return Object.fromEntries(
    db
      .select({ status: registrations.status, n: sql<number>`count(*)` })
      .from(registrations)
      .where(eq(registrations.eventId, eventId))
      .groupBy(registrations.status)
      .all()
      .map((row) => [row.status, row.n]),
  );
}

/** One page of the event's registrations after `afterId` in id order (`limit` + 1 rows, to tell whether more follow). */
export function registrationsAfter(db: DbOrTx, eventId: number, afterId: number, limit: number, status?: RegistrationStatus): RegistrationRecord[] {
  return db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), gt(registrations.id, afterId), status ? eq(registrations.status, status) : undefined))
    .orderBy(asc(registrations.id))
    .limit(limit + 1)
    .all();
}

/** All of the event's registrations, in id order. */
export function eventRegistrations(db: DbOrTx, eventId: number): RegistrationRecord[] {
  return db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.id)).all();
}

/** The event's registrations in these statuses. */
export function registrationsInStatus(db: DbOrTx, eventId: number, statuses: RegistrationStatus[]): RegistrationRecord[] {
  return db.select().from(registrations).where(and(eq(registrations.eventId, eventId), inArray(registrations.status, statuses))).all();
}

/** What a door list carries per registration, in id order. */
export function doorEntries(db: DbOrTx, eventId: number) {
  return db
    .select({ id: registrations.id, name: registrations.name, status: registrations.status, checkedInAt: registrations.checkedInAt })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.id))
    .all();
}

/** Held seats wait for their hold to lapse (the hold-expiry outbox source's condition). */
export const heldSeatWaiting = eq(registrations.status, 'held');

export function findInvitation(db: DbOrTx, id: number): InvitationRow | undefined {
  return db.select().from(invitations).where(eq(invitations.id, id)).get();
}

export function findInvitationByEmail(db: DbOrTx, eventId: number, email: string): InvitationRow | undefined {
  return db.select().from(invitations).where(and(eq(invitations.eventId, eventId), eq(invitations.email, email))).get();
}

export function insertInvitation(db: DbOrTx, values: typeof invitations.$inferInsert): InvitationRow {
  return db.insert(invitations).values(values).returning().get();
}

export function updateInvitation(db: DbOrTx, id: number, values: Partial<typeof invitations.$inferInsert>): InvitationRow {
  return db.update(invitations).set(values).where(eq(invitations.id, id)).returning().get();
}

export function eventInvitations(db: DbOrTx, eventId: number): InvitationRow[] {
  return db.select().from(invitations).where(eq(invitations.eventId, eventId)).orderBy(asc(invitations.id)).all();
}

/** How many of the event's registrations are in this status. */
export function countInStatus(db: DbOrTx, eventId: number, status: RegistrationStatus): number {
  return db.select({ n: sql<number>`count(*)` }).from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.status, status))).get()!.n;
}

import crypto from 'node:crypto';
import type { DbDeps } from '../services/service-deps.js';
import { DateTime } from 'luxon';
import { canManagePark } from '../auth/park-access.js';
import type { Principal } from '../auth/principal.js';
import { auditTrail, recordAudit, type Actor } from '../audit/audit.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { BookingStatus } from '../db/schema.js';
import { organizationNamesOf } from '../organizations/organizations-service.js';
import { BadRequestError, ForbiddenError } from '../errors/http-errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { queueParkNotice } from '../park-notices/park-robots.js';
import { queueEmail } from '../mail/email-outbox.js';
import { parseInstant } from '../time/instants.js';
import { findVenue, type VenueRow } from '../venues/venues-service.js';
import { bookingLink, type LinkDeps } from './booking-links.js';
import { newRequestMail } from './booking-mails.js';
import { checkSlot } from './booking-rules.js';
import { toBookingView } from './booking-view.js';
import { approvedOverlapping, bookingsAfter, deciders, eventsStandingOn, findBooking, findBookings, insertBooking, type BookingFilter, type BookingRow } from './bookings-dal.js';
import type { Interval } from '../time/intervals.js';
import type { BookingView, CreateBookingInput } from './bookings-schemas.js';
import { nowMs } from '../time/clock.js';

export interface BookingDeps extends LinkDeps {
  db: Db;
  pendingDays: number;
}

/** The weekly occurrences of a request, at the same local wall-clock time each week (DST-safe). */
function occurrences(start: number, end: number, zone: string, count: number) {
  const s = DateTime.fromMillis(start, { zone });
  const e = DateTime.fromMillis(end, { zone });
  return Array.from({ length: count }, (_, week) => ({ start: s.plus({ weeks: week }).toMillis(), end: e.plus({ weeks: week }).toMillis() }));
}

/**
 * Files a request (or one per week of a recurrence, under one series id; or one per venue of
 * `venueIds`, under one group id). Every request must pass every rule, or nothing is written.
 * Each park's managers get one mail with signed approve and decline links.
 */
export function requestBooking(deps: BookingDeps, principal: Principal, input: CreateBookingInput, actor: Actor): BookingView & { occurrences?: BookingView[]; group?: BookingView[] } {
  const { db } = deps;
  const start = parseInstant(input.start, 'start');
  const end = parseInstant(input.end, 'end');
  const venueIds = venuesAsked(input);
  const count = input.recurrence?.count ?? 1;
  if (venueIds.length > 1 && count > 1) throw new BadRequestError('A request to several venues is for one slot; ask for a weekly series one venue at a time.', 'recurrence').say('errGroupRecurrence');
  const venuesAskedFor = venueIds.map((id) => findVenue({ db }, id));
  if (venueIds.length > 1) assertSameOffset(input.start, start, venuesAskedFor);
  const now = nowMs();
  const plans = venuesAskedFor.map((venue) => {
    const slots = occurrences(start, end, venue.timezone, count);
    slots.forEach((slot, i) => checkSlot(db, venue, slot, input.expectedAttendance, now, count > 1 ? `occurrence ${i + 1} of ${count}` : ''));
    return { venue, slots };
  });

  const seriesId = count > 1 ? crypto.randomUUID() : null;
  const groupId = venueIds.length > 1 ? crypto.randomUUID() : null;
  const created = db.transaction((tx) =>
    plans.map(({ venue, slots }) => {
      const rows = slots.map((slot) => {
        const expiresAt = Math.min(slot.start, now + deps.pendingDays * 24 * 3600_000);
        const row = insertBooking(tx, {
          venueId: venue.id,
          organizationId: principal.organizationId,
          requestedBy: principal.memberId,
          startAt: new Date(slot.start),
          endAt: new Date(slot.end),
          expectedAttendance: input.expectedAttendance,
          purpose: input.purpose.trim(),
          seriesId,
          groupId,
          expiresAt: new Date(expiresAt),
        });
        recordAudit(tx, { entityType: 'booking', entityId: row.id, action: 'requested', actor, after: row });
        return row;
      });
      notifyDeciders(deps, tx, venue, principal, rows, venueIds.length);
      return rows.map((row) => toBookingView(row, venue.timezone));
    }),
  );

  if (groupId) return { ...created[0]![0]!, group: created.map((views) => views[0]!) };
  const views = created[0]!;
  return count > 1 ? { ...views[0]!, occurrences: views } : views[0]!;
}

/** `venueId`, or 2–3 distinct `venueIds`: exactly one of the two. */
function venuesAsked(input: CreateBookingInput): number[] {
  if ((input.venueId === undefined) === (input.venueIds === undefined)) {
    throw new BadRequestError('Give either venueId or venueIds (2–3 venues), not both or neither.', 'venueId').say('errVenueOrVenues');
  }
  if (input.venueId !== undefined) return [input.venueId];
  const ids = input.venueIds!;
  if (new Set(ids).size !== ids.length) throw new BadRequestError('venueIds names the same venue twice.', 'venueIds').say('errVenueTwice');
  return ids;
}

/** One slot for several venues means one wall-clock time: the offset given must be each venue's offset then. */
function assertSameOffset(given: string, at: number, asked: VenueRow[]): void {
  const offset = DateTime.fromISO(given, { setZone: true }).offset;
  const other = asked.find((venue) => DateTime.fromMillis(at, { zone: venue.timezone }).offset !== offset);
  if (other) {
    throw new BadRequestError(`${other.name} keeps ${other.timezone} time, whose offset at that moment differs from the slot's; ask it separately.`, 'venueIds').say('errVenueZoneDiffers', { venue: other.name });
  }
}

/** `venuesAsked` > 1: the request went to several venues at once, and the mail says the first approval wins. */
function notifyDeciders(deps: LinkDeps, tx: DbOrTx, venue: VenueRow, principal: Principal, rows: BookingRow[], venuesAsked = 1): void {
  const organization = organizationNamesOf({ db: tx }, [principal.organizationId]).get(principal.organizationId);
  for (const manager of deciders(tx, venue.organizationId)) {
    queueEmail(
      tx,
      'booking-request',
      newRequestMail(manager, {
        bookings: rows,
        venue,
        requester: principal.name,
        organization: organization ?? '',
        approveUrl: bookingLink(deps, 'approve', manager.id, rows),
        declineUrl: bookingLink(deps, 'decline', manager.id, rows),
        venuesAsked,
      }),
    );
  }
  if (rows[0]) queueParkNotice(tx, venue.organizationId, rows[0].id, 'requested');
}

/** Who may see a booking: its organization, the venue's park managers, coordinators. */
export function assertCanSee(principal: Principal, booking: BookingRow, venue: VenueRow): void {
  if (principal.organizationId === booking.organizationId || canManagePark(principal, venue.organizationId)) return;
  throw new ForbiddenError('Only the requesting organization, the park’s managers and coordinators see this request.').say('errSeeRequest');
}

export function getBooking({ db }: DbDeps, principal: Principal, id: number): BookingView {
  const booking = findBooking(db, id);
  const venue = findVenue({ db }, booking.venueId);
  assertCanSee(principal, booking, venue);
  return toBookingView(booking, venue.timezone);
}

/** The audit trail of a request, for coordinators and the park's managers. */
export function bookingHistory({ db }: DbDeps, principal: Principal, id: number) {
  const booking = findBooking(db, id);
  const venue = findVenue({ db }, booking.venueId);
  if (!canManagePark(principal, venue.organizationId)) throw new ForbiddenError('Only coordinators and the park’s managers read a request’s history.').say('errRequestHistory');
  return { items: auditTrail(db, 'booking', id) };
}

export function listBookings(
  { db }: DbDeps,
  principal: Principal,
  query: { status?: BookingStatus; venueId?: number; seriesId?: string; groupId?: string; from?: string; to?: string; cursor?: string; limit?: number },
) {
  const limit = query.limit ?? 50;
  // Park managers see their park's venues' requests; members their organization's; coordinators all.
  const scope: Pick<BookingFilter, 'park' | 'organization'> =
    principal.role === 'coordinator' ? {} : principal.role === 'park_manager' ? { park: principal.organizationId } : { organization: principal.organizationId };
  const filter: BookingFilter = {
    ...scope,
    status: query.status,
    venueId: query.venueId,
    seriesId: query.seriesId,
    groupId: query.groupId,
    fromMs: query.from ? parseInstant(query.from, 'from') : undefined,
    toMs: query.to ? parseInstant(query.to, 'to') : undefined,
  };
  const rows = bookingsAfter(db, filter, decodeCursor(query.cursor) ?? 0, limit).map((r) => ({ ...r, id: r.booking.id }));
  return toPage(rows, limit, (r) => toBookingView(r.booking, r.timezone));
}


/** The requests a signed decision link names, as they stand now. */
export function bookingsByIds({ db }: DbDeps, ids: number[]): BookingRow[] {
  return findBookings(db, ids);
}

/** A booking request as stored (404 when unknown), for the pages that show it. */
export function bookingRow({ db }: DbDeps, id: number): BookingRow {
  return findBooking(db, id);
}

/** Approved bookings of a venue overlapping an interval (what a blackout would cancel). */
export function approvedBookingsOverlapping({ db }: DbDeps, venueId: number, interval: Interval) {
  return approvedOverlapping(db, venueId, interval);
}

/** The events standing on these bookings (still to be held). */
export function eventsOnBookings({ db }: DbDeps, bookingIds: number[]) {
  return eventsStandingOn(db, bookingIds);
}

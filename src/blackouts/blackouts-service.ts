import type { DbDeps, OwnDbDeps, ServiceDeps } from '../services/service-deps.js';
import { assertManagesPark } from '../auth/park-access.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { cancelInTransaction } from '../bookings/booking-decisions.js';
import { approvedBookingsOverlapping, eventsOnBookings } from '../bookings/bookings-service.js';
import { cancelEventsStandingOn } from '../events/event-cancellation.js';
import { deleteBlackoutRow, insertBlackout, venueBlackout, venueBlackouts, type BlackoutRow } from './blackouts-dal.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/http-errors.js';
import { inZone, parseInstant, utc } from '../time/instants.js';
import { findVenue } from '../venues/venues-service.js';


const MAX_BLACKOUT_MS = 366 * 24 * 3600_000;

function toView(row: BlackoutRow, timezone: string) {
  return {
    id: row.id,
    venueId: row.venueId,
    start: inZone(row.startAt.getTime(), timezone),
    end: inZone(row.endAt.getTime(), timezone),
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: utc(row.createdAt),
  };
}

/**
 * Blocks a venue for [start, end). Approved bookings in the way make it a 409 listing them and
 * the events standing on them, unless `force`: then, in the same transaction, those events are
 * cancelled (everyone registered and the partner channels told) and the bookings cancelled
 * (their organizers told).
 */
export function createBlackout(
  { db, registrants }: OwnDbDeps & Pick<ServiceDeps, 'registrants'>,
  principal: Principal,
  venueId: number,
  input: { start: string; end: string; reason: string; force?: boolean },
  actor: Actor,
) {
  const start = parseInstant(input.start, 'start');
  const end = parseInstant(input.end, 'end');
  if (end <= start) throw new BadRequestError('end must be after start.', 'end', { rule: 'end-after-start' }).say('errEndAfterStart');
  if (end - start > MAX_BLACKOUT_MS) throw new BadRequestError('A blackout may last at most a year; add another for longer.', 'end', { rule: 'max-duration' }).say('errBlackoutTooLong');
  return db.transaction(
    (tx) => {
      const venue = findVenue({ db: tx }, venueId);
      assertManagesPark(principal, venue.organizationId);
      const affected = approvedBookingsOverlapping({ db: tx }, venue.id, { start, end });
      if (affected.length > 0 && !input.force) {
        const standing = eventsOnBookings(
          { db: tx },
          affected.map((b) => b.id),
        );
        throw new ConflictError(`The blackout overlaps ${affected.length} approved booking(s) and ${standing.length} event(s) on them; send force: true to cancel them and tell their organizers and registrants.`, {
          rule: 'approved-bookings',
          bookings: affected.map((b) => ({ id: b.id, start: inZone(b.startAt.getTime(), venue.timezone), end: inZone(b.endAt.getTime(), venue.timezone) })),
          events: standing,
        }).say('errBlackoutOverlaps', { n: affected.length });
      }
      const row = insertBlackout(tx, { venueId, startAt: new Date(start), endAt: new Date(end), reason: input.reason.trim(), createdBy: actor.memberId });
      recordAudit(tx, { entityType: 'blackout', entityId: row.id, action: 'created', actor, after: row });
      const ids = affected.map((b) => b.id);
      const cancelledEvents = cancelEventsStandingOn({ db: tx, registrants }, ids, row.reason, actor);
      const cancelled = cancelInTransaction({ db: tx }, venue, ids, row.reason, actor, 'organizer');
      return { ...toView(row, venue.timezone), cancelledBookings: cancelled, cancelledEvents };
    },
    { behavior: 'immediate' },
  );
}

export function listBlackouts({ db }: DbDeps, venueId: number, query: { from?: string; to?: string }) {
  const venue = findVenue({ db }, venueId);
  return {
    items: venueBlackouts(db, venueId, query.from ? parseInstant(query.from, 'from') : undefined, query.to ? parseInstant(query.to, 'to') : undefined).map((row) => toView(row, venue.timezone)),
  };
}

export function deleteBlackout({ db }: OwnDbDeps, principal: Principal, venueId: number, blackoutId: number, actor: Actor): void {
  db.transaction((tx) => {
    const venue = findVenue({ db: tx }, venueId);
    assertManagesPark(principal, venue.organizationId);
    const row = venueBlackout(tx, venueId, blackoutId);
    if (!row) throw new NotFoundError('Blackout', blackoutId);
    deleteBlackoutRow(tx, blackoutId);
    recordAudit(tx, { entityType: 'blackout', entityId: blackoutId, action: 'deleted', actor, before: row });
  });
}

import crypto from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { RegistrationStatus } from '../db/schema.js';
import { doorEntriesOf } from '../registrations/registrations-service.js';
import { eventTimezone } from '../events/event-view.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventWithPlace } from '../events/events-service.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { utc } from '../time/instants.js';
import { doorCode, ticketToken } from '../codes/ticket-tokens.js';

/** How many hex characters of a ticket's SHA-256 the door list carries (64 bits: no two tickets of an event share one). */
const DIGEST_HEX = 16;

/**
 * What a phone at the door checks a scanned ticket against: SHA-256 of the token, cut short. The
 * list carries this, not the tickets, so a phone that is lost with the list on it holds nothing
 * that opens a ticket page or checks anyone in.
 */
export function ticketDigest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex').slice(0, DIGEST_HEX);
}

/** The live count the scan page shows: checked in, seats held (confirmed or checked in), capacity. */
function countOf(rows: Array<{ status: RegistrationStatus }>, capacity: number) {
  const checkedIn = rows.filter((row) => row.status === 'checked_in').length;
  return { checkedIn, seats: checkedIn + rows.filter((row) => row.status === 'confirmed').length, capacity };
}

/** The live count after a check-in (the scan page shows it with each answer). */
export function doorCount({ db }: Pick<OwnDbDeps, 'db'>, eventId: number) {
  const { event } = eventWithPlace({ db }, eventId);
  return countOf(doorEntriesOf({ db }, eventId), event.capacity);
}

/**
 * Everything a phone at the door needs to go on checking tickets when the signal drops, for the
 * event's organizers and coordinators: per registration its id, name, status, check-in time, the
 * digest of its ticket and the code printed under its QR (door staff type it). No emails or answers.
 */
export function doorList({ db, secretKey }: OwnDbDeps & { secretKey: string }, principal: Principal, eventId: number) {
  const place = eventWithPlace({ db }, eventId);
  const { event } = place;
  assertRunsEvent(principal, event);
  const rows = doorEntriesOf({ db }, eventId);
  return {
    event: { id: event.id, title: event.title, status: event.status, start: utc(event.startAt), end: utc(event.endAt), timezone: eventTimezone(place) },
    count: countOf(rows, event.capacity),
    entries: rows.map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      checkedInAt: row.checkedInAt ? utc(row.checkedInAt) : null,
      ticket: ticketDigest(ticketToken(secretKey, row.id)),
      code: doorCode(secretKey, row.id),
    })),
  };
}

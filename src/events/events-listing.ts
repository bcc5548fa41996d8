import type { Principal } from '../auth/principal.js';
import type { Db, DbOrTx } from '../db/database.js';
import { BadRequestError } from '../errors/http-errors.js';
import { parseInstant } from '../time/instants.js';
import { toEventView } from './event-view.js';
import { findEventWithPlace } from './events-dal.js';
import { eventJsonForm, withSeats } from './event-forms.js';
import { organizationEventRows, publicEventRows, upcomingOrganizationEventRows } from './events-listing-dal.js';
import type { EventView, ListEventsQueryInput } from './events-schemas.js';
import { nowMs } from '../time/clock.js';

/** Cursor of the public listing: the (start, id) of the last event seen, which is its sort key. */
function encode(row: { startMs: number; id: number }): string {
  return Buffer.from(JSON.stringify([row.startMs, row.id])).toString('base64url');
}

function decode(cursor: string): [number, number] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every(Number.isSafeInteger)) return value as [number, number];
  } catch {
    // fall through
  }
  throw new BadRequestError('cursor is not one this service issued; pass the nextCursor of the previous page.', 'cursor').say('errCursor');
}

/**
 * Published upcoming events, ordered by start then id, a page at a time, as the JSON the API sends:
 * the query reads each event's versions and seats, and the page is put together from the events'
 * kept JSON (src/events/event-forms.ts), rendered only for a version not seen yet.
 */
export function publicEventsJson(db: Db, query: ListEventsQueryInput): string {
  const limit = query.limit ?? 50;
  const now = nowMs();
  const rows = publicEventRows(db, {
    fromMs: query.from ? parseInstant(query.from, 'from') : now,
    toMs: query.to ? parseInstant(query.to, 'to') : undefined,
    topic: query.topic || undefined,
    park: query.park,
    organization: query.organization,
    q: query.q || undefined,
    after: query.cursor ? decode(query.cursor) : undefined,
    limit: limit + 1,
  }, now);
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  let items = '';
  for (const row of page) items += `${items ? ',' : ''}${withSeats(eventJsonForm(db, row, () => findEventWithPlace(db, row.id)), row.seatsTaken)}`;
  const next = rows.length > limit ? JSON.stringify(encode(page.at(-1)!)) : 'null';
  return `{"items":[${items}],"nextCursor":${next}}`;
}

/** The same as objects (for the pages, which show them). */
export function listPublicEvents(db: Db, query: ListEventsQueryInput): { items: EventView[]; nextCursor: string | null } {
  return JSON.parse(publicEventsJson(db, query)) as { items: EventView[]; nextCursor: string | null };
}

/** Whose events a member sees as "theirs": coordinators every organization's. */
const ownOrganization = (principal: Principal) => (principal.role === 'coordinator' ? undefined : principal.organizationId);

/**
 * The events an organization runs, every status, newest start first, a page at a time (by
 * offset: this list is read by people paging a few screens, not by crawlers). Coordinators
 * see every organization's.
 */
export function listOrganizationEvents(db: DbOrTx, principal: Principal, query: { page?: number; limit?: number } = {}) {
  const limit = query.limit ?? 50;
  const page = Math.max(1, query.page ?? 1);
  const rows = organizationEventRows(db, ownOrganization(principal), limit + 1, (page - 1) * limit);
  return { items: rows.slice(0, limit).map(toEventView), nextPage: rows.length > limit ? page + 1 : null };
}

/** An organization's events still to come (drafts and published), soonest first: what its home page shows next. */
export function upcomingOrganizationEvents(db: DbOrTx, principal: Principal, limit = 5) {
  return upcomingOrganizationEventRows(db, ownOrganization(principal), nowMs(), limit).map(toEventView);
}

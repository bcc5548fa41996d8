import type { Principal } from '../auth/principal.js';
import type { Db, DbOrTx } from '../db/database.js';
import { BadRequestError } from '../errors/http-errors.js';
import { parseInstant } from '../time/instants.js';
import { toEventView } from './event-view.js';
import type { EventWithPlace } from './events-dal.js';
import { organizationEventRows, publicEventRows, upcomingOrganizationEventRows } from './events-listing-dal.js';
import type { ListEventsQueryInput } from './events-schemas.js';
import { nowMs } from '../time/clock.js';

/** Cursor of the public listing: the (start, id) of the last event seen, which is its sort key. */
function encode(place: EventWithPlace): string {
  return Buffer.from(JSON.stringify([place.event.startAt.getTime(), place.event.id])).toString('base64url');
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

/** Published upcoming events, ordered by start then id, a page at a time. Drafts never appear. */
export function listPublicEvents(db: Db, query: ListEventsQueryInput) {
  const limit = query.limit ?? 50;
  const rows = publicEventRows(db, {
    fromMs: query.from ? parseInstant(query.from, 'from') : nowMs(),
    toMs: query.to ? parseInstant(query.to, 'to') : undefined,
    topic: query.topic || undefined,
    park: query.park,
    organization: query.organization,
    q: query.q || undefined,
    after: query.cursor ? decode(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toEventView), nextCursor: rows.length > limit ? encode(page.at(-1)!) : null };
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

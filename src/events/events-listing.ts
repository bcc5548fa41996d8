import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import type { DbOrTx } from '../db/database.js';
import { events, venues, type EventStatus } from '../db/schema.js';
import { BadRequestError } from '../errors/http-errors.js';
import { parseInstant } from '../time/instants.js';
import { toEventView } from './event-view.js';
import { selectEventsWithPlace, type EventWithPlace } from './events-dal.js';
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

/** `%` and `_` in a search are literal characters, not wildcards. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface EventFilter {
  statuses: EventStatus[];
  fromMs?: number;
  toMs?: number;
  topic?: string;
  park?: number;
  organization?: number;
  q?: string;
}

/** Conditions shared by the public listing and the calendar feed. */
export function eventConditions(filter: EventFilter) {
  return and(
    or(...filter.statuses.map((status) => eq(events.status, status))),
    filter.fromMs !== undefined ? gt(events.endAt, new Date(filter.fromMs)) : undefined,
    filter.toMs !== undefined ? lt(events.startAt, new Date(filter.toMs)) : undefined,
    filter.topic ? sql`exists (select 1 from json_each(${events.topics}) where value = ${filter.topic.trim().toLowerCase()})` : undefined,
    filter.park ? eq(venues.organizationId, filter.park) : undefined,
    filter.organization ? eq(events.organizationId, filter.organization) : undefined,
    filter.q ? sql`${events.title} like ${likeContains(filter.q.trim())} escape '\\'` : undefined,
  );
}

/** Published upcoming events, ordered by start then id, a page at a time. Drafts never appear. */
export function listPublicEvents(db: DbOrTx, query: ListEventsQueryInput) {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decode(query.cursor) : undefined;
  const rows = selectEventsWithPlace(db)
    .where(
      and(
        eventConditions({
          statuses: ['published'],
          fromMs: query.from ? parseInstant(query.from, 'from') : nowMs(),
          toMs: query.to ? parseInstant(query.to, 'to') : undefined,
          topic: query.topic,
          park: query.park,
          organization: query.organization,
          q: query.q,
        }),
        after ? or(gt(events.startAt, new Date(after[0])), and(eq(events.startAt, new Date(after[0])), gt(events.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(limit + 1)
    .all() as EventWithPlace[];
  const page = rows.slice(0, limit);
  return { items: page.map(toEventView), nextCursor: rows.length > limit ? encode(page.at(-1)!) : null };
}


/**
 * The events an organization runs, every status, newest start first, a page at a time (by
 * offset: this list is read by people paging a few screens, not by crawlers). Coordinators
 * see every organization's.
 */
export function listOrganizationEvents(db: DbOrTx, principal: Principal, query: { page?: number; limit?: number } = {}) {
  const limit = query.limit ?? 50;
  const page = Math.max(1, query.page ?? 1);
  const rows = selectEventsWithPlace(db)
    .where(principal.role === 'coordinator' ? undefined : eq(events.organizationId, principal.organizationId))
    .orderBy(desc(events.startAt), desc(events.id))
    .limit(limit + 1)
    .offset((page - 1) * limit)
    .all() as EventWithPlace[];
  return { items: rows.slice(0, limit).map(toEventView), nextPage: rows.length > limit ? page + 1 : null };
}

/** An organization's events still to come (drafts and published), soonest first: what its home page shows next. */
export function upcomingOrganizationEvents(db: DbOrTx, principal: Principal, limit = 5) {
  const rows = selectEventsWithPlace(db)
    .where(
      and(
        principal.role === 'coordinator' ? undefined : eq(events.organizationId, principal.organizationId),
        gt(events.endAt, new Date(nowMs())),
        or(eq(events.status, 'draft'), eq(events.status, 'published')),
      ),
    )
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(limit)
    .all() as EventWithPlace[];
  return rows.map(toEventView);
}

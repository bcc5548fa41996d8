import { and, asc, desc, eq, gt, is, lt, or, Placeholder, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import type { Db, DbOrTx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
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

/** A filter's values, or placeholders standing for them in a statement prepared once (see listPublicEvents). */
type Given<T> = T | Placeholder;

export interface EventFilter {
  statuses: EventStatus[];
  fromMs?: Given<number>;
  toMs?: Given<number>;
  topic?: Given<string>;
  park?: Given<number>;
  organization?: Given<number>;
  q?: Given<string>;
}

const isPlaceholder = (value: unknown): value is Placeholder => is(value, Placeholder);
const instant = (ms: Given<number>) => (isPlaceholder(ms) ? ms : new Date(ms));
const topicValue = (topic: string) => topic.trim().toLowerCase();
const qValue = (q: string) => likeContains(q.trim());

/** Conditions shared by the public listing and the calendar feed. A placeholder's value is given as topicValue()/qValue() make it (listPublicEvents). */
export function eventConditions(filter: EventFilter) {
  return and(
    or(...filter.statuses.map((status) => eq(events.status, status))),
    filter.fromMs !== undefined ? gt(events.endAt, instant(filter.fromMs)) : undefined,
    filter.toMs !== undefined ? lt(events.startAt, instant(filter.toMs)) : undefined,
    filter.topic ? sql`exists (select 1 from json_each(${events.topics}) where value = ${isPlaceholder(filter.topic) ? filter.topic : topicValue(filter.topic)})` : undefined,
    filter.park ? eq(venues.organizationId, filter.park) : undefined,
    filter.organization ? eq(events.organizationId, filter.organization) : undefined,
    filter.q ? sql`${events.title} like ${isPlaceholder(filter.q) ? filter.q : qValue(filter.q)} escape '\\'` : undefined,
  );
}

const p = sql.placeholder;
const OPTIONAL = ['to', 'topic', 'park', 'organization', 'q', 'cursor'] as const;

/**
 * The listing's statement for one combination of filters, prepared once per database: a request
 * no cache can answer (every filter, every search) otherwise paid for drizzle building its SQL and
 * SQLite preparing it (~0.3 ms, a quarter of the request). At most 2^6 statements.
 */
const listingStatements = preparedOnce(() => new Map<string, ReturnType<typeof buildListing>>());
function buildListing(db: Db, has: Set<string>) {
  return selectEventsWithPlace(db)
    .where(
      and(
        eventConditions({
          statuses: ['published'],
          fromMs: p('from'),
          toMs: has.has('to') ? p('to') : undefined,
          topic: has.has('topic') ? p('topic') : undefined,
          park: has.has('park') ? p('park') : undefined,
          organization: has.has('organization') ? p('organization') : undefined,
          q: has.has('q') ? p('q') : undefined,
        }),
        has.has('cursor') ? or(gt(events.startAt, p('afterStart')), and(eq(events.startAt, p('afterStart')), gt(events.id, p('afterId')))) : undefined,
      ),
    )
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(p('limit'))
    .prepare();
}

/** Published upcoming events, ordered by start then id, a page at a time. Drafts never appear. */
export function listPublicEvents(db: Db, query: ListEventsQueryInput) {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decode(query.cursor) : undefined;
  const has = new Set(OPTIONAL.filter((name) => query[name] !== undefined && query[name] !== ''));
  const key = [...has].join(',');
  const statements = listingStatements(db);
  let statement = statements.get(key);
  if (!statement) statements.set(key, (statement = buildListing(db, has)));
  const rows = statement.all({
    from: query.from ? parseInstant(query.from, 'from') : nowMs(),
    to: query.to ? parseInstant(query.to, 'to') : undefined,
    topic: query.topic ? topicValue(query.topic) : undefined,
    park: query.park,
    organization: query.organization,
    q: query.q ? qValue(query.q) : undefined,
    afterStart: after?.[0],
    afterId: after?.[1],
    limit: limit + 1,
  }) as EventWithPlace[];
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

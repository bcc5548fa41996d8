import { and, asc, desc, eq, gt, is, lt, or, Placeholder, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
import { bookings, events, venues, type EventStatus } from '../db/schema.js';
import { seatsTakenSql, selectEventsWithPlace, type EventWithPlace } from './events-dal.js';

/** `%` and `_` in a search are literal characters, not wildcards. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A filter's values, or placeholders standing for them in a statement prepared once (see publicEventRows). */
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

/** Conditions shared by the public listing and the calendar feed. A placeholder's value is given as topicValue()/qValue() make it (publicEventRows). */
function eventConditions(filter: EventFilter) {
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

/** What the public listing reads of each event: its sort key, the versions that name its JSON, and the seats to put in it. */
const listingColumns = {
  id: events.id,
  startMs: sql<number>`${events.startAt}`,
  eventVersion: events.viewVersion,
  venueId: venues.id,
  venueVersion: venues.viewVersion,
  seatsTaken: seatsTakenSql,
};
export type ListingRow = { id: number; startMs: number; eventVersion: number; venueId: number | null; venueVersion: number | null; seatsTaken: number };
const OPTIONAL = ['toMs', 'topic', 'park', 'organization', 'q', 'after'] as const;

/** What the public listing filters by; `after` is the (start ms, id) of the last event of the previous page. */
export interface PublicEventsQuery {
  fromMs: number;
  toMs?: number;
  topic?: string;
  park?: number;
  organization?: number;
  q?: string;
  after?: [number, number];
  limit: number;
}

/**
 * The listing's statement for one combination of filters, prepared once per database: a request
 * no cache can answer (every filter, every search) otherwise paid for drizzle building its SQL and
 * SQLite preparing it (~0.3 ms, a quarter of the request). At most 2^6 statements.
 */
const listingStatements = preparedOnce(() => new Map<string, ReturnType<typeof buildListing>>());
function buildListing(db: Db, has: Set<string>) {
  return db
    .select(listingColumns)
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(
      and(
        eventConditions({
          statuses: ['published'],
          fromMs: p('from'),
          toMs: has.has('toMs') ? p('to') : undefined,
          topic: has.has('topic') ? p('topic') : undefined,
          park: has.has('park') ? p('park') : undefined,
          organization: has.has('organization') ? p('organization') : undefined,
          q: has.has('q') ? p('q') : undefined,
        }),
        has.has('after') ? or(gt(events.startAt, p('afterStart')), and(eq(events.startAt, p('afterStart')), gt(events.id, p('afterId')))) : undefined,
      ),
    )
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(p('limit'))
    .prepare();
}

/** Published events ending after `fromMs`, by start then id, at most `limit`: their keys and versions. Drafts never appear. */
export function publicEventRows(db: Db, query: PublicEventsQuery): ListingRow[] {
  const has = new Set(OPTIONAL.filter((name) => query[name] !== undefined && query[name] !== ''));
  const key = [...has].join(',');
  const statements = listingStatements(db);
  let statement = statements.get(key);
  if (!statement) statements.set(key, (statement = buildListing(db, has)));
  return statement.all({
    from: query.fromMs,
    to: query.toMs,
    topic: query.topic ? topicValue(query.topic) : undefined,
    park: query.park,
    organization: query.organization,
    q: query.q ? qValue(query.q) : undefined,
    afterStart: query.after?.[0],
    afterId: query.after?.[1],
    limit: query.limit,
  });
}

/** What the calendar feed holds: events in these statuses ending after `fromMs`, by start then id, at most 2,000. */
export function calendarEventRows(db: DbOrTx, filter: EventFilter & { fromMs: number }): EventWithPlace[] {
  return selectEventsWithPlace(db).where(eventConditions(filter)).orderBy(asc(events.startAt), asc(events.id)).limit(2_000).all();
}

/** An organization's events (every organization's when `organizationId` is undefined), newest start first, by offset. */
export function organizationEventRows(db: DbOrTx, organizationId: number | undefined, limit: number, offset: number): EventWithPlace[] {
  return selectEventsWithPlace(db)
    .where(organizationId === undefined ? undefined : eq(events.organizationId, organizationId))
    .orderBy(desc(events.startAt), desc(events.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** An organization's drafts and published events ending after `nowMs`, soonest first. */
export function upcomingOrganizationEventRows(db: DbOrTx, organizationId: number | undefined, nowMs: number, limit: number): EventWithPlace[] {
  return selectEventsWithPlace(db)
    .where(
      and(
        organizationId === undefined ? undefined : eq(events.organizationId, organizationId),
        gt(events.endAt, new Date(nowMs)),
        or(eq(events.status, 'draft'), eq(events.status, 'published')),
      ),
    )
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(limit)
    .all();
}

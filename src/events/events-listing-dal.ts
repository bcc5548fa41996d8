import type { Statement } from 'better-sqlite3';
import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
import { writeStamp } from '../db/write-stamp.js';
import { events, venues, type EventStatus } from '../db/schema.js';
import { SEAT_STATUSES, selectEventsWithPlace, type EventWithPlace } from './events-dal.js';

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

const topicValue = (topic: string) => topic.trim().toLowerCase();
const qValue = (q: string) => likeContains(q.trim());

/** The calendar feed's conditions (the public listing's are the same, written out in its raw statement below). */
function eventConditions(filter: EventFilter) {
  return and(
    or(...filter.statuses.map((status) => eq(events.status, status))),
    filter.fromMs !== undefined ? gt(events.endAt, new Date(filter.fromMs)) : undefined,
    filter.toMs !== undefined ? lt(events.startAt, new Date(filter.toMs)) : undefined,
    filter.topic ? sql`exists (select 1 from json_each(${events.topics}) where value = ${topicValue(filter.topic)})` : undefined,
    filter.park ? eq(venues.organizationId, filter.park) : undefined,
    filter.organization ? eq(events.organizationId, filter.organization) : undefined,
    filter.q ? sql`${events.title} like ${qValue(filter.q)} escape '\\'` : undefined,
  );
}

/** What the public listing reads of each event: its sort key, the versions that name its JSON, and the seats to put in it. */
export interface ListingRow {
  id: number;
  startMs: number;
  eventVersion: number;
  venueId: number | null;
  venueVersion: number | null;
  seatsTaken: number;
}

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

const OPTIONAL = ['toMs', 'topic', 'park', 'organization', 'q', 'after'] as const;

/** What both listing reads select first (a ListingRow's six numbers), and from where: published events with their venue. */
const LISTING_SELECT = `select e.id, e.start_at, e.view_version, v.id, v.view_version, (select count(*) from registrations r where r.event_id = e.id and r.status in (${SEAT_STATUSES.map((status) => `'${status}'`).join(', ')}))`;
const LISTING_FROM = " from events e left join bookings b on b.id = e.booking_id left join venues v on v.id = b.venue_id where e.status = 'published'";

/** Each optional filter's SQL, with the named parameters it binds. */
const FILTER_SQL: Record<(typeof OPTIONAL)[number], string> = {
  toMs: ' and e.start_at < @to',
  topic: ' and exists (select 1 from json_each(e.topics) where value = @topic)',
  park: ' and v.organization_id = @park',
  organization: ' and e.organization_id = @organization',
  q: " and e.title like @q escape '\\'",
  after: ' and (e.start_at > @afterStart or (e.start_at = @afterStart and e.id > @afterId))',
};

/**
 * The listing's statement for one combination of filters, prepared once per database and run in
 * better-sqlite3's raw mode: the busiest read reads six numbers per event and maps nothing (drizzle's
 * placeholders and row mapping were two thirds of the query's time). At most 2^6 statements.
 */
const listingStatements = preparedOnce((db: Db) => {
  const statements = new Map<string, Statement>();
  return (has: Array<(typeof OPTIONAL)[number]>) => {
    const key = has.join(',');
    let statement = statements.get(key);
    if (!statement) {
      const sqlText =
        LISTING_SELECT +
        LISTING_FROM +
        ' and e.end_at > @from' +
        has.map((name) => FILTER_SQL[name]).join('') +
        ' order by e.start_at, e.id limit @limit';
      statement = db.$client.prepare(sqlText).raw();
      statements.set(key, statement);
    }
    return statement;
  };
});

/** How far back the in-memory listing reaches; a listing asked from earlier reads the database. */
const KEPT_PAST_MS = 24 * 3600_000;

interface KeptRow extends ListingRow {
  endMs: number;
  park: number | null;
  organizationId: number;
  /** The title with ASCII letters lower-cased, as SQLite's LIKE compares. */
  title: string;
  topics: string[];
}

/**
 * The listing's rows kept in memory, per database: every published event ending after the horizon,
 * in listing order, with what its filters look at. They are read again whenever the database
 * changed — by this connection (total_changes) or another (data_version) — so a page is never
 * older than the last write; between writes a listing filters ~hundreds of rows in memory instead
 * of asking SQLite to scan them (a title search or a topic made SQLite read a hundred rows a page).
 */
const keptListing = preparedOnce((db: Db) => {
  const all = db.$client.prepare(`${LISTING_SELECT}, e.end_at, v.organization_id, e.organization_id, e.title, e.topics${LISTING_FROM} and e.end_at > @horizon order by e.start_at, e.id`).raw();
  let kept: { at: string; readAt: number; horizon: number; rows: KeptRow[] } | undefined;
  return (nowMs: number): { horizon: number; rows: KeptRow[] } => {
    const at = writeStamp(db);
    // Re-read after a write, and hourly (the horizon moves on with the clock; a clock moved back too).
    if (kept?.at === at && nowMs >= kept.readAt && nowMs - kept.readAt < 3600_000) return kept;
    const horizon = nowMs - KEPT_PAST_MS;
    const rows = (all.all({ horizon }) as Array<[number, number, number, number | null, number | null, number, number, number | null, number, string, string]>).map(
      ([id, startMs, eventVersion, venueId, venueVersion, seatsTaken, endMs, park, organizationId, title, topics]) => ({
        id, startMs, eventVersion, venueId, venueVersion, seatsTaken, endMs, park, organizationId,
        title: title.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()),
        topics: JSON.parse(topics) as string[],
      }),
    );
    kept = { at, readAt: nowMs, horizon, rows };
    return kept;
  };
});

/** The kept rows matching a query, at most `limit` (the same conditions as the statements above). */
function fromKept(rows: KeptRow[], query: PublicEventsQuery): ListingRow[] {
  const topic = query.topic ? topicValue(query.topic) : undefined;
  const words = query.q ? query.q.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : undefined;
  const found: ListingRow[] = [];
  for (const row of rows) {
    if (row.endMs <= query.fromMs) continue;
    if (query.toMs !== undefined && row.startMs >= query.toMs) break;
    if (query.after && (row.startMs < query.after[0] || (row.startMs === query.after[0] && row.id <= query.after[1]))) continue;
    if (topic !== undefined && !row.topics.includes(topic)) continue;
    if (query.park && row.park !== query.park) continue;
    if (query.organization && row.organizationId !== query.organization) continue;
    if (words !== undefined && !row.title.includes(words)) continue;
    found.push({ id: row.id, startMs: row.startMs, eventVersion: row.eventVersion, venueId: row.venueId, venueVersion: row.venueVersion, seatsTaken: row.seatsTaken });
    if (found.length === query.limit) break;
  }
  return found;
}

/** Published events ending after `fromMs`, by start then id, at most `limit`: their keys and versions. Drafts never appear. */
export function publicEventRows(db: Db, query: PublicEventsQuery, nowMs: number): ListingRow[] {
  const kept = keptListing(db)(nowMs);
  if (query.fromMs >= kept.horizon) return fromKept(kept.rows, query);
  return rowsFromDatabase(db, query);
}

/** The same read from the database (a listing asked from before the kept horizon; tests compare the two). */
export function rowsFromDatabase(db: Db, query: PublicEventsQuery): ListingRow[] {
  const has = OPTIONAL.filter((name) => query[name] !== undefined && query[name] !== '');
  const values: Record<string, unknown> = { from: query.fromMs, limit: query.limit };
  for (const name of has) {
    if (name === 'toMs') values.to = query.toMs;
    else if (name === 'topic') values.topic = topicValue(query.topic!);
    else if (name === 'q') values.q = qValue(query.q!);
    else if (name === 'after') [values.afterStart, values.afterId] = query.after!;
    else values[name] = query[name];
  }
  const rows = listingStatements(db)(has).all(values) as Array<[number, number, number, number | null, number | null, number]>;
  return rows.map(([id, startMs, eventVersion, venueId, venueVersion, seatsTaken]) => ({ id, startMs, eventVersion, venueId, venueVersion, seatsTaken }));
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

import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.js';
import { preparedOnce } from '../db/prepared.js';
import { writeStamp } from '../db/write-stamp.js';
import { bookings, events, venues, type EventStatus } from '../db/schema.js';
import { seatsTakenSql, selectEventsWithPlace, type EventWithPlace } from './events-dal.js';

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

/** The conditions of the calendar feed and of the listing's database read (the in-memory listing, fromKept, filters the same way). */
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

/** What the public listing reads of each event: its sort key, the versions that name its JSON, and the seats to put in it. */
const listingColumns = {
  id: events.id,
  startMs: sql<number>`${events.startAt}`,
  eventVersion: events.viewVersion,
  venueId: venues.id,
  venueVersion: venues.viewVersion,
  seatsTaken: seatsTakenSql,
};

/** SQLite's LIKE folds ASCII letters only; the snapshot compares the same way. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

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
  const all = db
    .select({ ...listingColumns, endMs: sql<number>`${events.endAt}`, park: venues.organizationId, organizationId: events.organizationId, title: events.title, topics: events.topics })
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(and(eq(events.status, 'published'), gt(events.endAt, sql.placeholder('horizon'))))
    .orderBy(asc(events.startAt), asc(events.id))
    .prepare();
  let kept: { at: string; readAt: number; horizon: number; rows: KeptRow[] } | undefined;
  return (nowMs: number): { horizon: number; rows: KeptRow[] } => {
    const at = writeStamp(db);
    // Re-read after a write, and hourly (the horizon moves on with the clock; a clock moved back too).
    if (kept?.at === at && nowMs >= kept.readAt && nowMs - kept.readAt < 3600_000) return kept;
    const horizon = nowMs - KEPT_PAST_MS;
    const rows = all.all({ horizon }).map((row) => ({ ...row, title: asciiLower(row.title) }));
    kept = { at, readAt: nowMs, horizon, rows };
    return kept;
  };
});

/** The kept rows matching a query, at most `limit` (the same conditions as the statements above). */
function fromKept(rows: KeptRow[], query: PublicEventsQuery): ListingRow[] {
  const topic = query.topic ? topicValue(query.topic) : undefined;
  const words = query.q ? asciiLower(query.q.trim()) : undefined;
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

/** The same read from the database, by the conditions the calendar feed uses (a listing asked from before the kept horizon; tests compare the two). */
export function rowsFromDatabase(db: DbOrTx, query: PublicEventsQuery): ListingRow[] {
  const after = query.after ? or(gt(events.startAt, new Date(query.after[0])), and(eq(events.startAt, new Date(query.after[0])), gt(events.id, query.after[1]))) : undefined;
  return db
    .select(listingColumns)
    .from(events)
    .leftJoin(bookings, eq(bookings.id, events.bookingId))
    .leftJoin(venues, eq(venues.id, bookings.venueId))
    .where(and(eventConditions({ statuses: ['published'], ...query }), after))
    .orderBy(asc(events.startAt), asc(events.id))
    .limit(query.limit)
    .all();
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

import type { Db } from '../db/database.js';
import type { EventWithPlace } from './events-dal.js';
import { toEventView } from './event-view.js';

/**
 * The read model of an event's public JSON (what GET /v1/events and /v1/events/:id give): rendered
 * once per version of the event and of its venue, and kept. Every change of a column the JSON
 * shows moves the row's `view_version` (a trigger, migration 0030), so a version read from the
 * database names one rendering in any process; only the seats left change without it, and they
 * are put in between the two stored halves as the listing reads them.
 */

/** The JSON around its seats left: `head` ends with `"seatsLeft":`, `tail` is the rest. */
export interface EventJsonForm {
  head: string;
  tail: string;
  capacity: number;
}

/** What names one rendering: the event's and its venue's versions. */
export interface EventVersions {
  id: number;
  eventVersion: number;
  venueId: number | null;
  venueVersion: number | null;
}

const SEATS_MARK = -9_007_199_254;
const SEATS_KEY = '"seatsLeft":';
/** At most this many events' forms are kept (about 2 KB each): a district's events, within the API's memory budget. */
const MAX_KEPT = 5_000;

/** Per database: ids are only unique within one (tests run many apps in one process). */
const keptPer = new WeakMap<object, Map<number, { key: string; form: EventJsonForm }>>();

const keyOf = (v: Omit<EventVersions, 'id'>) => `${v.eventVersion}:${v.venueId ?? ''}:${v.venueVersion ?? ''}`;

/** Renders an event's JSON in its two halves. */
function renderEventJson(place: EventWithPlace): EventJsonForm {
  const json = JSON.stringify({ ...toEventView(place), seatsLeft: SEATS_MARK });
  const at = json.indexOf(`${SEATS_KEY}${SEATS_MARK}`);
  return { head: json.slice(0, at + SEATS_KEY.length), tail: json.slice(at + SEATS_KEY.length + String(SEATS_MARK).length), capacity: place.event.capacity };
}

/** The event's JSON form for these versions, rendered (by `load`) only when the versions are new. */
export function eventJsonForm(db: Db, versions: EventVersions, load: () => EventWithPlace): EventJsonForm {
  let kept = keptPer.get(db);
  if (!kept) keptPer.set(db, (kept = new Map<number, { key: string; form: EventJsonForm }>()));
  const key = keyOf(versions);
  const hit = kept.get(versions.id);
  if (hit?.key === key) return hit.form;
  const place = load();
  const form = renderEventJson(place);
  // Kept under the versions it was rendered from (another process may have changed the row since the versions were read).
  const rendered = keyOf({ eventVersion: place.event.viewVersion, venueId: place.venue?.id ?? null, venueVersion: place.venue?.viewVersion ?? null });
  if (kept.size >= MAX_KEPT && !kept.has(versions.id)) kept.delete(kept.keys().next().value!);
  kept.set(versions.id, { key: rendered, form });
  return form;
}

/** The JSON with its seats left. */
export function withSeats(form: EventJsonForm, seatsTaken: number): string {
  return `${form.head}${Math.max(0, form.capacity - seatsTaken)}${form.tail}`;
}

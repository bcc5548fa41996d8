import { erasuresDone, nextRetentionDue } from './privacy-dal.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { inZone } from '../time/instants.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/**
 * What has been erased, newest first: when, why (the nightly retention run, a person's own request
 * on /privacy, or a request made in person), by which coordinator, and how many records of each
 * kind — never whose. Nightly runs that found nothing due are left out (a year of them would bury
 * the requests). With the time of the next nightly run. Times in the office's zone.
 */
export function listErasures({ db }: OwnDbDeps, query: { cursor?: string; limit?: number } = {}) {
  const limit = query.limit ?? 50;
  // Ordered by when they were done (a nightly run is recorded when it is planned), so the cursor is the count already seen.
  const seen = decodeCursor(query.cursor) ?? 0;
  const rows = erasuresDone(db, limit + 1, seen);
  const next = nextRetentionDue(db);
  return {
    items: rows.slice(0, limit).map(({ erasure, by }) => ({
      id: erasure.id,
      reason: erasure.reason,
      doneAt: inZone(erasure.doneAt!.getTime(), DEFAULT_TIMEZONE),
      by: erasure.memberId === null ? null : { id: erasure.memberId, name: by ?? '' },
      counts: erasure.counts!,
    })),
    nextCursor: rows.length > limit ? encodeCursor(seen + limit) : null,
    nextRetentionAt: next ? inZone(next.getTime(), DEFAULT_TIMEZONE) : null,
  };
}

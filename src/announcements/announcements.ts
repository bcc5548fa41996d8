import type { DbOrTx } from '../db/database.js';
import type { AnnouncedChanges, AnnouncementKind } from '../db/schema.js';
import { findAnnouncement, insertAnnouncement, pendingUpdateOf, updateAnnouncement, type AnnouncementRow } from './announcements-dal.js';
import { nowMs } from '../time/clock.js';

/**
 * Records event news in the transaction of the change that causes it (transactional outbox).
 * One per (event, kind, sequence): writing the same one twice is a no-op.
 */
export function writeAnnouncement(tx: DbOrTx, eventId: number, kind: AnnouncementKind, sequence: number): void {
  insertAnnouncement(tx, { eventId, kind, sequence });
}

/**
 * Records that a published event's time or place changed. The `updated` announcement waits
 * `settleMs` (UPDATE_SETTLE) before it goes out, and changes made meanwhile fold into it, so a
 * run of edits sends one notice, not one per edit. `changes` holds what people were told
 * before; the first value folded in is kept. The notice is rendered from the event as it is then.
 */
export function announceUpdate(tx: DbOrTx, eventId: number, sequence: number, changes: AnnouncedChanges, settleMs: number): void {
  const pending = pendingUpdateOf(tx, eventId);
  if (pending) {
    const merged: AnnouncedChanges = { ...changes, ...pending.changes };
    updateAnnouncement(tx, pending.id, { sequence, changes: merged });
    return;
  }
  insertAnnouncement(tx, { eventId, kind: 'updated', sequence, changes, dueAt: settleMs > 0 ? new Date(nowMs() + settleMs) : null });
}

/** An announcement as stored, if any. */
export function announcementRecord(db: DbOrTx, id: number): AnnouncementRow | undefined {
  return findAnnouncement(db, id);
}

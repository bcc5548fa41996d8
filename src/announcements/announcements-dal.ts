import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements } from '../db/schema.js';

export type AnnouncementRow = typeof announcements.$inferSelect;
type AnnouncementValues = typeof announcements.$inferInsert;

export function findAnnouncement(db: DbOrTx, id: number): AnnouncementRow | undefined {
  return db.select().from(announcements).where(eq(announcements.id, id)).get();
}

/** Writes an announcement unless one of the same (event, kind, sequence) is there already. */
export function insertAnnouncement(db: DbOrTx, values: AnnouncementValues): void {
  db.insert(announcements).values(values).onConflictDoNothing().run();
}

export function updateAnnouncement(db: DbOrTx, id: number, values: Partial<AnnouncementValues>): void {
  db.update(announcements).set(values).where(eq(announcements.id, id)).run();
}

/** The event's change notice not yet fanned out, if any (later changes fold into it). */
export function pendingUpdateOf(db: DbOrTx, eventId: number): AnnouncementRow | undefined {
  return db
    .select()
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), eq(announcements.kind, 'updated'), isNull(announcements.fannedOutAt)))
    .get();
}

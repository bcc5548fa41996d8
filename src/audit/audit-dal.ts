import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { auditEntries } from '../db/schema.js';

export type AuditEntryValues = typeof auditEntries.$inferInsert;
export type AuditEntryRow = typeof auditEntries.$inferSelect;

export function insertAuditEntry(db: DbOrTx, values: AuditEntryValues): void {
  db.insert(auditEntries).values(values).run();
}

/** An entity's audit entries, oldest first. */
export function auditEntriesOf(db: DbOrTx, entityType: string, entityId: number): AuditEntryRow[] {
  return db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, entityType), eq(auditEntries.entityId, entityId)))
    .orderBy(asc(auditEntries.id))
    .all();
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { registrations } from '../db/schema.js';

export type RegistrationRecord = typeof registrations.$inferSelect;

/** A registration as stored, if any. */
export function findRegistrationRecord(db: DbOrTx, id: number): RegistrationRecord | undefined {
  return db.select().from(registrations).where(eq(registrations.id, id)).get();
}

import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from './database.js';
import { databaseIdentity } from './schema.js';

/** This database's lifetime name (10 hex digits), which every job id it hands to Redis carries. */
export function databaseLifetime(db: DbOrTx): string {
  const row = db.select().from(databaseIdentity).where(eq(databaseIdentity.id, 1)).get();
  if (!row) throw new Error('The database has no identity row; run the migrations (npm run cli -- migrate).');
  return row.lifetime;
}

/** Starts a new lifetime: for a backup copy or a restored database, whose row ids the old one may reuse. */
export function renewDatabaseLifetime(db: DbOrTx): string {
  const lifetime = crypto.randomBytes(5).toString('hex');
  db.update(databaseIdentity).set({ lifetime }).where(eq(databaseIdentity.id, 1)).run();
  return lifetime;
}

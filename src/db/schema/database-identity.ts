import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { createdAt } from './common.js';

/**
 * One row: a random name for this database's lifetime, made with the database (its migration
 * inserts it) and renewed in every backup copy and by `cli restore`. Job ids carry it, so a
 * database that is new, or restored, never meets its predecessor's finished jobs in Redis under
 * the same ids (which BullMQ would take for duplicates and drop).
 */
export const databaseIdentity = sqliteTable(
  'database_identity',
  {
    id: integer('id').primaryKey(),
    lifetime: text('lifetime').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('database_identity_one_row', sql`${t.id} = 1`)],
);

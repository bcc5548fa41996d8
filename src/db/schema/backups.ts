import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Nightly backups (BACKUP_DIR): one row per planned run, handed to the queue at its due time (outbox
 * marker), done with the file it wrote, its size and whether `integrity_check` passed on it.
 */
export const backupRuns = sqliteTable('backup_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull().unique(),
  enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
  doneAt: integer('done_at', { mode: 'timestamp_ms' }),
  file: text('file'),
  bytes: integer('bytes'),
  ok: integer('ok', { mode: 'boolean' }),
  error: text('error'),
});

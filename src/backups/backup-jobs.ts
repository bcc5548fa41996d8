import type { Db } from '../db/database.js';
import { backupRuns } from '../db/schema.js';
import { runBackup, type BackupSettings } from './nightly-backups.js';
import { BACKUP_WAITING, findBackupRun } from './backups-dal.js';
import { jobIds, type BackupJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor } from '../queue/queue-driver.js';

/** One delayed job per planned nightly backup (the next night's is planned when a run is done). */
export function backupSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'backups',
    table: backupRuns,
    id: backupRuns.id,
    dueAt: backupRuns.dueAt,
    enqueuedAt: backupRuns.enqueuedAt,
    waiting: BACKUP_WAITING,
    job: { name: 'backup-database', data: (runId) => ({ runId }), jobId: jobIds.backupDatabase },
  });
}

export function backupProcessor(db: Db, settings: BackupSettings): Processor<BackupJob> {
  return async ({ runId }, ctx) => {
    const run = findBackupRun(db, runId);
    if (!run || run.doneAt || !(await waitUntilDue(run.dueAt))) return;
    const done = await runBackup(db, settings, runId);
    if (!done) return;
    if (done.ok) ctx.log.info({ runId, file: done.file, bytes: done.bytes, pruned: done.pruned.length }, 'nightly backup written and checked');
    else ctx.log.error({ runId, file: done.file, error: done.error }, 'nightly backup failed');
  };
}

import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/**
 * Backup files: what they are called in the backup folder, and the statement that gives each
 * copy a lifetime of its own. What backups are called: the Shanghai time each was written, and for the
 * copy taken before an upgrade the first migration it was about to apply. The nightly run prunes
 * both kinds by the time in the name.
 */
const STAMP = 'yyyyLLdd-HHmmss';
export const BACKUP_NAME = /^chuanglian-(?:before-[0-9a-z_]+-)?(\d{8}-\d{6})\.db$/;

export function backupFileName(at: number, beforeMigration?: string): string {
  const stamp = DateTime.fromMillis(at, { zone: DEFAULT_TIMEZONE }).toFormat(STAMP);
  return beforeMigration ? `chuanglian-before-${beforeMigration}-${stamp}.db` : `chuanglian-${stamp}.db`;
}

/** When a backup named by backupFileName was written, or undefined for any other file. */
export function backupWrittenAt(name: string): number | undefined {
  const stamp = BACKUP_NAME.exec(name)?.[1];
  return stamp === undefined ? undefined : DateTime.fromFormat(stamp, STAMP, { zone: DEFAULT_TIMEZONE }).toMillis();
}

/** Gives a copy or a restored file a lifetime of its own (see schema/database-identity.ts). */
export const RENEW_LIFETIME = 'update database_identity set lifetime = lower(hex(randomblob(5))) where id = 1';

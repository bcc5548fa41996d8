import type { DbOrTx } from '../db/database.js';
import { jobIds } from '../queue/catalogue.js';
import { nowDate } from '../time/clock.js';
import { skipPendingChannelDeliveries, updateChannelRecord } from './channels-dal.js';

/**
 * A channel switched off (by a coordinator, or by a receiver answering 410 Gone) gets nothing
 * more: its deliveries still waiting to go out, queued or between retries, are skipped with the
 * reason. Returns their job ids, for the caller to take out of the queue once this commits.
 */
export function skipWaitingDeliveries(tx: DbOrTx, channelId: number, reason: string): string[] {
  return skipPendingChannelDeliveries(tx, channelId, reason, nowDate()).map((row) => jobIds.delivery(row.id, row.round));
}

/** A receiver said the channel is gone: it is switched off, saying why, and what waited for it is skipped; those jobs' ids. */
export function switchOffChannel(tx: DbOrTx, channelId: number, reason: string): string[] {
  updateChannelRecord(tx, channelId, { active: false, disabledReason: reason, updatedAt: nowDate() });
  return skipWaitingDeliveries(tx, channelId, `channel switched off: ${reason}`);
}

import type { DbOrTx } from '../db/database.js';
import { skipPendingChannelDeliveries } from '../deliveries/deliveries-dal.js';
import { jobIds } from '../queue/catalogue.js';
import { nowDate } from '../time/clock.js';

/**
 * A channel switched off (by a coordinator, or by a receiver answering 410 Gone) gets nothing
 * more: its deliveries still waiting to go out, queued or between retries, are skipped with the
 * reason. Returns their job ids, for the caller to take out of the queue once this commits.
 */
export function skipWaitingDeliveries(tx: DbOrTx, channelId: number, reason: string): string[] {
  return skipPendingChannelDeliveries(tx, channelId, reason, nowDate()).map((row) => jobIds.delivery(row.id, row.round));
}

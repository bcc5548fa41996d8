import { switchOffChannel } from '../channels/channel-switch-off.js';
import type { Db, Tx } from '../db/database.js';
import { noticeOutcome } from '../subscribers/subscribers-service.js';
import { deliveryTarget, settleDelivery } from './deliveries-dal.js';
import type { DeliveryOutcome } from '../queue/catalogue.js';
import { nowDate } from '../time/clock.js';

/** Records what a sender reported, in one transaction however many outcomes it brought. */
export function recordDeliveryOutcomes(db: Db, outcomes: DeliveryOutcome[], bounceLimit: number): string[] {
  return db.transaction((tx) => recordOutcomesIn(tx, outcomes, bounceLimit));
}

/** The same inside a transaction the caller holds (a broadcast's outcome records its own row with them). */
export function recordOutcomesIn(tx: Tx, outcomes: DeliveryOutcome[], bounceLimit: number): string[] {
  return outcomes.flatMap((outcome) => recordOutcome(tx, outcome, bounceLimit));
}

/**
 * Outcomes of an older retry round are ignored, a `sent` delivery never changes again, a
 * receiver that answered "gone" switches its channel off, and `bounceLimit` permanent refusals
 * in a row mark a subscriber's address bouncing. Returns the job ids of deliveries skipped
 * because their channel was switched off.
 */
function recordOutcome(tx: Tx, outcome: DeliveryOutcome, bounceLimit: number): string[] {
  settleDelivery(tx, outcome, nowDate());
  if (!outcome.bounced && outcome.status !== 'sent' && !outcome.disableChannel) return [];
  const target = deliveryTarget(tx, outcome.deliveryId);
  // Consecutive permanent refusals make an address bouncing: it gets nothing more.
  if (target?.type === 'subscriber') noticeOutcome({ db: tx }, target.id, outcome.bounced === true, bounceLimit);
  if (target?.type === 'channel' && outcome.disableChannel) return switchOffChannel(tx, target.id, outcome.disableChannel);
  return [];
}

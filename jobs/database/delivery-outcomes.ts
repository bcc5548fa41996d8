import { and, eq, gte, notInArray, sql } from 'drizzle-orm';
import { skipWaitingDeliveries } from '../../src/channels/channel-switch-off.js';
import type { Db, Tx } from '../../src/db/database.js';
import { channels, deliveries, subscribers } from '../../src/db/schema.js';
import type { DeliveryOutcome } from '../../src/queue/catalogue.js';
import { nowDate } from '../../src/time/clock.js';

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
  const thisRound = and(eq(deliveries.id, outcome.deliveryId), eq(deliveries.round, outcome.round));
  // A skipped delivery (its channel was switched off) stays skipped, unless it did go out.
  const current = and(thisRound, notInArray(deliveries.status, outcome.status === 'sent' ? ['sent'] : ['sent', 'skipped']));
  const attempts = sql`max(${deliveries.attempts}, ${outcome.attempt})`;
  const now = nowDate();
  if (outcome.status === 'sent') {
    tx.update(deliveries).set({ status: 'sent', attempts, sentAt: new Date(outcome.at), remoteId: outcome.remoteId ?? null, lastError: null, updatedAt: now }).where(current).run();
  } else if (outcome.status === 'dead') {
    tx.update(deliveries).set({ status: 'dead', attempts, lastError: outcome.error ?? null, updatedAt: now }).where(current).run();
  } else {
    tx.update(deliveries).set({ attempts, lastError: outcome.error ?? null, updatedAt: now }).where(and(current, eq(deliveries.status, 'pending'))).run();
  }
  if (!outcome.bounced && outcome.status !== 'sent' && !outcome.disableChannel) return [];
  const target = tx.select({ type: deliveries.targetType, id: deliveries.targetId }).from(deliveries).where(eq(deliveries.id, outcome.deliveryId)).get();
  if (target?.type === 'subscriber') {
    // Consecutive permanent refusals make an address bouncing: it gets nothing more.
    const bounces = outcome.bounced ? sql`${subscribers.bounces} + 1` : 0;
    tx.update(subscribers).set({ bounces, updatedAt: now }).where(eq(subscribers.id, target.id)).run();
    if (outcome.bounced) {
      tx.update(subscribers).set({ status: 'bouncing' }).where(and(eq(subscribers.id, target.id), gte(subscribers.bounces, bounceLimit), eq(subscribers.status, 'confirmed'))).run();
    }
  }
  if (target?.type === 'channel' && outcome.disableChannel) {
    tx.update(channels).set({ active: false, disabledReason: outcome.disableChannel, updatedAt: now }).where(eq(channels.id, target.id)).run();
    return skipWaitingDeliveries(tx, target.id, `channel switched off: ${outcome.disableChannel}`);
  }
  return [];
}

import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { channels, deliveries } from '../db/schema.js';
import type { DeliveryOutcomeJob } from '../jobs/catalogue.js';

/**
 * Records what a sender reported. Outcomes of an older retry round are ignored, a `sent`
 * delivery never changes again, and a receiver that answered "gone" switches its channel off.
 */
export function recordDeliveryOutcome(db: Db, outcome: DeliveryOutcomeJob): void {
  db.transaction((tx) => {
    const current = and(eq(deliveries.id, outcome.deliveryId), eq(deliveries.round, outcome.round), ne(deliveries.status, 'sent'));
    const attempts = sql`max(${deliveries.attempts}, ${outcome.attempt})`;
    const now = new Date();
    if (outcome.status === 'sent') {
      tx.update(deliveries).set({ status: 'sent', attempts, sentAt: new Date(outcome.at), remoteId: outcome.remoteId ?? null, lastError: null, updatedAt: now }).where(current).run();
    } else if (outcome.status === 'dead') {
      tx.update(deliveries).set({ status: 'dead', attempts, lastError: outcome.error ?? null, updatedAt: now }).where(current).run();
    } else {
      tx.update(deliveries).set({ attempts, lastError: outcome.error ?? null, updatedAt: now }).where(and(current, eq(deliveries.status, 'pending'))).run();
    }
    if (outcome.disableChannel) {
      const delivery = tx.select({ channelId: deliveries.targetId }).from(deliveries).where(eq(deliveries.id, outcome.deliveryId)).get();
      if (delivery) tx.update(channels).set({ active: false, disabledReason: outcome.disableChannel, updatedAt: now }).where(eq(channels.id, delivery.channelId)).run();
    }
  });
}

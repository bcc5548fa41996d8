import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { broadcasts, channels, deliveries } from '../../src/db/schema.js';
import { broadcastArticles } from '../../src/broadcasts/broadcast-articles.js';
import { isBroadcastChannel, settleBroadcast } from '../../src/broadcasts/broadcasts.js';
import { jobIds, type BroadcastOutcomeJob, type SendBroadcastJob } from '../../src/queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../../src/queue/outbox/due-time-source.js';
import type { OutboxSource } from '../../src/queue/outbox/outbox-relay.js';
import type { Processor, QueueDriver } from '../../src/queue/queue-driver.js';
import { recordDeliveryOutcomes, recordOutcomesIn } from './delivery-outcomes.js';

/** Each waiting broadcast gets one delayed job at its due time (the channel's daily send time, or now when flushed). */
export function broadcastSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'official-account-broadcasts',
    table: broadcasts,
    id: broadcasts.id,
    dueAt: broadcasts.dueAt,
    enqueuedAt: broadcasts.enqueuedAt,
    waiting: eq(broadcasts.status, 'waiting'),
    job: { name: 'send-broadcast', data: (broadcastId) => ({ broadcastId }), jobId: jobIds.sendBroadcast },
  });
}

/**
 * At a broadcast's due time: gathers its deliveries, renders the articles (covers included) and
 * hands the whole send to a sender. A broadcast with nothing left to send (all skipped) is done.
 */
export function sendBroadcastProcessor(db: Db, settings: { publicUrl: string; attempts: number; backoffMs: number }, driver: Pick<QueueDriver, 'add'>): Processor<SendBroadcastJob> {
  return async ({ broadcastId }, ctx) => {
    const row = db.select().from(broadcasts).where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.status, 'waiting'))).get();
    if (!row || !(await waitUntilDue(row.dueAt))) return;
    const channel = db.select().from(channels).where(eq(channels.id, row.channelId)).get();
    const due = db
      .select({ deliveryId: deliveries.id, round: deliveries.round, announcementId: deliveries.announcementId })
      .from(deliveries)
      .where(and(eq(deliveries.broadcastId, broadcastId), eq(deliveries.status, 'pending')))
      .orderBy(asc(deliveries.id))
      .all();
    if (!channel || !channel.active || !isBroadcastChannel(channel) || due.length === 0) {
      settleBroadcast(db, { broadcastId, dueAt: row.dueAt.getTime(), status: 'dead', error: !channel?.active ? 'channel switched off' : 'nothing to send' });
      return;
    }
    const articles = await broadcastArticles({ db, publicUrl: settings.publicUrl }, due.map((d) => d.announcementId));
    const dueAt = row.dueAt.getTime();
    const target = { id: channel.id, kind: channel.kind, name: channel.name, settings: channel.settings, sealedSecrets: channel.sealedSecrets, ratePerMinute: channel.ratePerMinute };
    const sent = due.map(({ deliveryId, round }) => ({ deliveryId, round }));
    if (articles.length === 0) {
      // Everything gathered was an event announced and cancelled before the send: nobody needs to hear of it.
      recordDeliveryOutcomes(db, sent.map((d) => ({ ...d, status: 'dead', attempt: 0, at: new Date().toISOString(), error: 'announced and cancelled before the day’s send' })), 0);
      settleBroadcast(db, { broadcastId, dueAt, status: 'dead', error: 'nothing left to send' });
      return;
    }
    await driver.add('send', 'broadcast-to-account', { broadcastId, dueAt, channel: target, deliveries: sent, articles }, { jobId: jobIds.broadcastToAccount(broadcastId, dueAt), attempts: settings.attempts, backoffMs: settings.backoffMs });
    ctx.log.info({ broadcastId, channelId: channel.id, articles: articles.length, deliveries: sent.length }, 'broadcast handed to a sender');
  };
}

/** Records what the sender reported: the deliveries' outcomes and the broadcast's. */
export function recordBroadcastOutcome(db: Db, outcome: BroadcastOutcomeJob, bounceLimit: number): void {
  db.transaction((tx) => {
    if (outcome.status !== 'postponed') {
      const at = new Date().toISOString();
      const status = outcome.status;
      recordOutcomesIn(tx, outcome.deliveries.map((d) => ({ ...d, status, attempt: outcome.attempt, at, remoteId: outcome.remoteId, error: outcome.error })), bounceLimit);
    }
    settleBroadcast(tx, outcome);
  });
}

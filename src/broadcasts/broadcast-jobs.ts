import type { Db } from '../db/database.js';
import { broadcasts } from '../db/schema.js';
import { channelIfAny } from '../channels/channels-service.js';
import { BROADCAST_WAITING, dueInBroadcast, findBroadcast } from './broadcasts-dal.js';
import { broadcastArticles } from './broadcast-articles.js';
import { isBroadcastChannel, settleBroadcast } from './broadcasts.js';
import { jobIds, type BroadcastOutcomeJob, type SendBroadcastJob } from '../queue/catalogue.js';
import { dueTimeSource, waitUntilDue } from '../queue/outbox/due-time-source.js';
import type { OutboxSource } from '../queue/outbox/outbox-relay.js';
import type { Processor, QueueDriver } from '../queue/queue-driver.js';
import { recordDeliveryOutcomes, recordOutcomesIn } from '../deliveries/delivery-outcomes.js';

/** Each waiting broadcast gets one delayed job at its due time (the channel's daily send time, or now when flushed). */
export function broadcastSource(db: Db): OutboxSource<'database'> {
  return dueTimeSource(db, {
    name: 'official-account-broadcasts',
    table: broadcasts,
    id: broadcasts.id,
    dueAt: broadcasts.dueAt,
    enqueuedAt: broadcasts.enqueuedAt,
    waiting: BROADCAST_WAITING,
    job: { name: 'send-broadcast', data: (broadcastId) => ({ broadcastId }), jobId: jobIds.sendBroadcast },
  });
}

/**
 * At a broadcast's due time: gathers its deliveries, renders the articles (covers included) and
 * hands the whole send to a sender. A broadcast with nothing left to send (all skipped) is done.
 */
export function sendBroadcastProcessor(db: Db, settings: { publicUrl: string; attempts: number; backoffMs: number }, driver: Pick<QueueDriver, 'add'>): Processor<SendBroadcastJob> {
  return async ({ broadcastId }, ctx) => {
    const row = findBroadcast(db, broadcastId);
    if (row?.status !== 'waiting' || !(await waitUntilDue(row.dueAt))) return;
    const channel = channelIfAny({ db }, row.channelId);
    const due = dueInBroadcast(db, broadcastId);
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

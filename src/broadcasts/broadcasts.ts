import type { DbOrTx } from '../db/database.js';
import type { ChannelKind, ChannelSettings } from '../db/schema.js';
import { channelIfAny, findChannel } from '../channels/channels-service.js';
import { findBroadcast, insertBroadcast, moveDeliveriesInto, pendingCount, pendingInBroadcast, updateBroadcast, waitingBroadcast, waitingItems, type BroadcastRow } from './broadcasts-dal.js';
import { ConflictError } from '../errors/http-errors.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { nextDaySendAt, nextSendAt } from './broadcast-schedule.js';

/**
 * An Official Account in `broadcast` mode (the default) sends a day's announcements together, as
 * one mass-send to every follower: a subscription account may mass-send to all once a day
 * (developers.weixin.qq.com/doc/service/api/notify/message/api_sendall), while free publishing
 * reaches nobody's message list.
 */
export function isBroadcastChannel(channel: { kind: ChannelKind; settings: ChannelSettings }): boolean {
  return channel.kind === 'wechat_official_account' && channel.settings.mode !== 'publish';
}

/** The channel's waiting broadcast, made (due at its next send time) when there is none. */
function waitingFor(db: DbOrTx, channel: { id: number; settings: ChannelSettings }): BroadcastRow {
  const waiting = waitingBroadcast(db, channel.id);
  if (waiting) return waiting;
  const now = nowMs();
  return insertBroadcast(db, { channelId: channel.id, dueAt: new Date(nextSendAt(channel.settings, now)), updatedAt: new Date(now) });
}

/** Puts a delivery into its channel's next broadcast instead of sending it on its own. */
export function joinBroadcast(db: DbOrTx, channel: { id: number; settings: ChannelSettings }, deliveryId: number): void {
  const broadcast = waitingFor(db, channel);
  moveDeliveriesInto(db, broadcast.id, [deliveryId], nowDate());
}

/** Deliveries still waiting in a broadcast that has gone (joined after it was gathered) move to the next one. */
function carryOver(db: DbOrTx, broadcast: BroadcastRow, settings: ChannelSettings): void {
  const left = pendingInBroadcast(db, broadcast.id);
  if (left.length === 0) return;
  moveDeliveriesInto(db, waitingFor(db, { id: broadcast.channelId, settings }).id, left, nowDate());
}

/** What waits for an Official Account's next send, and when it goes (for the coordinator). */
export function broadcastView(db: DbOrTx, row: BroadcastRow) {
  const items = waitingItems(db, row.id);
  return {
    id: row.id,
    channelId: row.channelId,
    status: row.status,
    dueAt: utc(row.dueAt),
    postponed: row.postponed,
    lastError: row.lastError,
    remoteId: row.remoteId,
    waiting: items.map((item) => ({ kind: item.kind, title: item.title, start: utc(item.startAt) })),
  };
}

function broadcastChannel(db: DbOrTx, channelId: number) {
  const channel = findChannel({ db }, channelId);
  if (!isBroadcastChannel(channel)) {
    throw new ConflictError('Only an Official Account in broadcast mode gathers a daily send.', { rule: 'not-broadcast' }).say('errNotBroadcast');
  }
  return channel;
}

/** The channel's waiting broadcast, or null when nothing waits. */
export function nextBroadcast({ db }: DbDeps, channelId: number) {
  broadcastChannel(db, channelId);
  const waiting = waitingBroadcast(db, channelId);
  return waiting ? broadcastView(db, waiting) : null;
}

/** Sends what waits now (an urgent change; trying a channel): its due time becomes now. */
export function flushBroadcast({ db }: DbDeps, channelId: number) {
  return db.transaction((tx) => {
    broadcastChannel(tx, channelId);
    const waiting = waitingBroadcast(tx, channelId);
    const pending = waiting && pendingCount(tx, waiting.id);
    if (!waiting || !pending) throw new ConflictError('Nothing waits for this account’s next send.', { rule: 'nothing-waiting' }).say('errNothingWaiting');
    const now = nowDate();
    return broadcastView(tx, updateBroadcast(tx, waiting.id, { dueAt: now, enqueuedAt: null, updatedAt: now }));
  });
}

/**
 * What the sender reported for the broadcast sent at `dueAt` (an outcome of an earlier due time
 * is ignored). Sent or dead, it is done, and anything that joined since moves to the next one;
 * postponed (the day's quota was used), it waits for the next day's send time.
 */
export function settleBroadcast(db: DbOrTx, outcome: { broadcastId: number; dueAt: number; status: 'sent' | 'failed' | 'dead' | 'postponed'; remoteId?: string; error?: string }): void {
  const row = findBroadcast(db, outcome.broadcastId);
  if (!row || row.status !== 'waiting' || row.dueAt.getTime() !== outcome.dueAt) return;
  const settings = channelIfAny({ db }, row.channelId)?.settings ?? {};
  const now = nowDate();
  if (outcome.status === 'postponed') {
    updateBroadcast(db, row.id, { dueAt: new Date(nextDaySendAt(settings, now.getTime())), enqueuedAt: null, postponed: row.postponed + 1, lastError: outcome.error ?? null, updatedAt: now });
  } else if (outcome.status === 'failed') {
    updateBroadcast(db, row.id, { lastError: outcome.error ?? null, updatedAt: now });
  } else {
    const sent = outcome.status === 'sent';
    updateBroadcast(db, row.id, { status: outcome.status, remoteId: outcome.remoteId ?? null, lastError: sent ? null : (outcome.error ?? null), sentAt: sent ? now : null, updatedAt: now });
    carryOver(db, row, settings);
  }
}

/** For the deliveries' outbox: a delivery to an Official Account in broadcast mode joins its next broadcast instead of going alone. */
export function gatherIntoBroadcasts(db: DbOrTx): (channel: { id: number; kind: ChannelKind; settings: ChannelSettings }, deliveryId: number) => boolean {
  return (channel, deliveryId) => {
    if (!isBroadcastChannel(channel)) return false;
    joinBroadcast(db, channel, deliveryId);
    return true;
  };
}

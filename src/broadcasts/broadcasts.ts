import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { announcements, broadcasts, channels, deliveries, events, type ChannelKind, type ChannelSettings } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors/http-errors.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowDate, nowMs } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { nextDaySendAt, nextSendAt } from './broadcast-schedule.js';

type BroadcastRow = typeof broadcasts.$inferSelect;

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
  const waiting = db.select().from(broadcasts).where(and(eq(broadcasts.channelId, channel.id), eq(broadcasts.status, 'waiting'))).get();
  if (waiting) return waiting;
  const now = nowMs();
  return db.insert(broadcasts).values({ channelId: channel.id, dueAt: new Date(nextSendAt(channel.settings, now)), updatedAt: new Date(now) }).returning().get();
}

/** Puts a delivery into its channel's next broadcast instead of sending it on its own. */
export function joinBroadcast(db: DbOrTx, channel: { id: number; settings: ChannelSettings }, deliveryId: number): void {
  const broadcast = waitingFor(db, channel);
  db.update(deliveries).set({ broadcastId: broadcast.id, updatedAt: nowDate() }).where(eq(deliveries.id, deliveryId)).run();
}

/** Deliveries still waiting in a broadcast that has gone (joined after it was gathered) move to the next one. */
function carryOver(db: DbOrTx, broadcast: BroadcastRow, settings: ChannelSettings): void {
  const left = db.select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.broadcastId, broadcast.id), eq(deliveries.status, 'pending'))).all();
  if (left.length === 0) return;
  const next = waitingFor(db, { id: broadcast.channelId, settings });
  db.update(deliveries).set({ broadcastId: next.id, updatedAt: nowDate() }).where(inArray(deliveries.id, left.map((row) => row.id))).run();
}

/** What waits for an Official Account's next send, and when it goes (for the coordinator). */
export function broadcastView(db: DbOrTx, row: BroadcastRow) {
  const items = db
    .select({ kind: announcements.kind, title: events.title, startAt: events.startAt })
    .from(deliveries)
    .innerJoin(announcements, eq(announcements.id, deliveries.announcementId))
    .innerJoin(events, eq(events.id, announcements.eventId))
    .where(and(eq(deliveries.broadcastId, row.id), eq(deliveries.status, 'pending')))
    .orderBy(asc(events.startAt))
    .all();
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
  const channel = db.select().from(channels).where(eq(channels.id, channelId)).get();
  if (!channel) throw new NotFoundError('Channel', channelId);
  if (!isBroadcastChannel(channel)) {
    throw new ConflictError('Only an Official Account in broadcast mode gathers a daily send.', { rule: 'not-broadcast' }).say('errNotBroadcast');
  }
  return channel;
}

/** The channel's waiting broadcast, or null when nothing waits. */
export function nextBroadcast({ db }: DbDeps, channelId: number) {
  broadcastChannel(db, channelId);
  const waiting = db.select().from(broadcasts).where(and(eq(broadcasts.channelId, channelId), eq(broadcasts.status, 'waiting'))).get();
  return waiting ? broadcastView(db, waiting) : null;
}

/** Sends what waits now (an urgent change; trying a channel): its due time becomes now. */
export function flushBroadcast({ db }: DbDeps, channelId: number) {
  return db.transaction((tx) => {
    broadcastChannel(tx, channelId);
    const waiting = tx.select().from(broadcasts).where(and(eq(broadcasts.channelId, channelId), eq(broadcasts.status, 'waiting'))).get();
    const pending = waiting && tx.select({ n: sql<number>`count(*)` }).from(deliveries).where(and(eq(deliveries.broadcastId, waiting.id), eq(deliveries.status, 'pending'))).get()!.n;
    if (!waiting || !pending) throw new ConflictError('Nothing waits for this account’s next send.', { rule: 'nothing-waiting' }).say('errNothingWaiting');
    const now = nowDate();
    return broadcastView(tx, tx.update(broadcasts).set({ dueAt: now, enqueuedAt: null, updatedAt: now }).where(eq(broadcasts.id, waiting.id)).returning().get());
  });
}

/**
 * What the sender reported for the broadcast sent at `dueAt` (an outcome of an earlier due time
 * is ignored). Sent or dead, it is done, and anything that joined since moves to the next one;
 * postponed (the day's quota was used), it waits for the next day's send time.
 */
export function settleBroadcast(db: DbOrTx, outcome: { broadcastId: number; dueAt: number; status: 'sent' | 'failed' | 'dead' | 'postponed'; remoteId?: string; error?: string }): void {
  const row = db.select().from(broadcasts).where(eq(broadcasts.id, outcome.broadcastId)).get();
  if (!row || row.status !== 'waiting' || row.dueAt.getTime() !== outcome.dueAt) return;
  const channel = db.select({ settings: channels.settings }).from(channels).where(eq(channels.id, row.channelId)).get();
  const settings = channel?.settings ?? {};
  const now = nowDate();
  if (outcome.status === 'postponed') {
    db.update(broadcasts)
      .set({ dueAt: new Date(nextDaySendAt(settings, now.getTime())), enqueuedAt: null, postponed: row.postponed + 1, lastError: outcome.error ?? null, updatedAt: now })
      .where(eq(broadcasts.id, row.id))
      .run();
  } else if (outcome.status === 'failed') {
    db.update(broadcasts).set({ lastError: outcome.error ?? null, updatedAt: now }).where(eq(broadcasts.id, row.id)).run();
  } else {
    const sent = outcome.status === 'sent';
    db.update(broadcasts)
      .set({ status: outcome.status, remoteId: outcome.remoteId ?? null, lastError: sent ? null : (outcome.error ?? null), sentAt: sent ? now : null, updatedAt: now })
      .where(eq(broadcasts.id, row.id))
      .run();
    carryOver(db, row, settings);
  }
}

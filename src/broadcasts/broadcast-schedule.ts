import { DateTime } from 'luxon';
import type { ChannelSettings } from '../db/schema.js';
import { DEFAULT_TIMEZONE } from '../time/instants.js';

export const DEFAULT_SEND_AT = '18:00';

/** The channel's daily send time on the local day of `day`, as an instant (DST-correct: luxon shifts a time that does not exist). */
function sendTimeOn(day: DateTime, settings: ChannelSettings): DateTime {
  const [hour, minute] = (settings.sendAt ?? DEFAULT_SEND_AT).split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** The first daily send time at or after `afterMs`, in the channel's zone. */
export function nextSendAt(settings: ChannelSettings, afterMs: number): number {
  const now = DateTime.fromMillis(afterMs, { zone: settings.timezone ?? DEFAULT_TIMEZONE });
  const today = sendTimeOn(now, settings);
  return (today.toMillis() >= afterMs ? today : sendTimeOn(now.plus({ days: 1 }), settings)).toMillis();
}

/** The send time of the local day after `atMs`'s: where a send goes when the day's quota is used. */
export function nextDaySendAt(settings: ChannelSettings, atMs: number): number {
  const day = DateTime.fromMillis(atMs, { zone: settings.timezone ?? DEFAULT_TIMEZONE }).plus({ days: 1 });
  return sendTimeOn(day, settings).toMillis();
}

import { DateTime } from 'luxon';
import type { Language } from '../db/schema.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/** A span of time to say to a person, in the zone it happens in. */
export interface TimeSpan {
  start: number;
  end: number;
  zone: string;
}

/**
 * A span as people write it: `12月4日 周五 14:00–16:00` / `Fri 4 Dec, 14:00–16:00`; both dates when it
 * crosses midnight; the zone named only when it is not the alliance's own (Asia/Shanghai).
 */
export function spokenSpan({ start, end, zone }: TimeSpan, language: Language): string {
  return spokenRange(DateTime.fromMillis(start, { zone }), DateTime.fromMillis(end, { zone }), language, zone);
}

/** The same for two instants already in their zone (ISO strings read with their offsets); `zone` names it. */
export function spokenRange(start: DateTime, end: DateTime, language: Language, zone?: string): string {
  const from = start.setLocale(language);
  const to = end.setLocale(language);
  const day = (at: DateTime) => (language === 'zh-CN' ? at.toFormat('M月d日 ccc') : at.toFormat('ccc d MMM'));
  const sep = language === 'zh-CN' ? ' ' : ', ';
  const text = from.hasSame(to, 'day')
    ? `${day(from)}${sep}${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')}`
    : `${day(from)}${sep}${from.toFormat('HH:mm')} – ${day(to)}${sep}${to.toFormat('HH:mm')}`;
  return !zone || zone === DEFAULT_TIMEZONE ? text : `${text} (${zone})`;
}

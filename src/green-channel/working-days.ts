import chineseDays from 'chinese-days';
import type { Db } from '../db/database.js';
import type { serviceCentres, Language } from '../db/schema.js';
import { greenChannelQueries } from './green-channel-dal.js';
import { WEEKDAYS, type OpeningHours } from '../time/opening-hours.js';

type CentreRow = typeof serviceCentres.$inferSelect;

export interface DayKind {
  open: boolean;
  /** A weekend day worked to make up for a holiday (调休): open, with the make-up hours. */
  makeUp: boolean;
  /** What the day is, when it is named (a holiday, or the holiday a make-up day belongs to). */
  name: { en: string; 'zh-CN': string } | null;
  /** Whose word it is: the coordinator's, or China's statutory calendar. */
  source: 'coordinator' | 'statutory';
}

/**
 * Whether a date (YYYY-MM-DD, the centre's local day) is a working day: the coordinator's word
 * first (calendar_days), else China's statutory holidays and make-up working days from the
 * `chinese-days` package (State Council announcements; a year not yet announced counts its
 * weekdays as working days until the coordinator says otherwise).
 */
export function dayKind(db: Db, date: string): DayKind {
  const weekend = isoWeekday(date) >= 6;
  const own = greenChannelQueries(db).calendarDay.get({ date });
  if (own) {
    const open = own.kind === 'workday';
    return { open, makeUp: open && weekend, name: { en: own.name, 'zh-CN': own.name }, source: 'coordinator' };
  }
  const detail = chineseDays.getDayDetail(date);
  // A holiday's name reads "National Day,国庆节,3"; an ordinary day's is just its weekday.
  const [en, zh] = detail.name.split(',');
  const named = zh !== undefined ? { en: en!, 'zh-CN': zh } : null;
  return { open: detail.work, makeUp: detail.work && weekend, name: named, source: 'statutory' };
}

/** A centre's opening spans on a date: none when closed; a make-up working day keeps the hours of `makeUpDayHours`. */
export function hoursOn(centre: Pick<CentreRow, 'openingHours' | 'makeUpDayHours'>, date: string, kind: DayKind): Array<{ open: string; close: string }> {
  if (!kind.open) return [];
  const weekday = WEEKDAYS[isoWeekday(date) - 1]!;
  const hours = centre.openingHours as OpeningHours;
  return (kind.makeUp ? hours[centre.makeUpDayHours as keyof OpeningHours] : hours[weekday]) ?? [];
}

/** A calendar date's weekday, 1 (Monday) to 7: plain calendar arithmetic, no time zone involved. */
function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** A day's name in a language, for pages and refusals. */
export function dayName(kind: DayKind, language: Language): string {
  return kind.name?.[language] ?? '';
}

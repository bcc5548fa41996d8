import type { Language } from '../db/schema.js';
import { WEEKDAYS, type OpeningHours } from './opening-hours.js';

const DAY_NAMES: Record<Language, string[]> = {
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  'zh-CN': ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
};
const EVERY_DAY: Record<Language, string> = { en: 'Every day', 'zh-CN': '每天' };
const CLOSED: Record<Language, string> = { en: 'closed', 'zh-CN': '不开放' };
const NEVER: Record<Language, string> = { en: 'Not open for requests', 'zh-CN': '暂不开放' };

/**
 * Opening hours as people say them, runs of days with the same hours together:
 * "Mon–Fri 09:00–18:00; Sat 10:00–16:00; Sun closed" / "周一至周五 09:00–18:00；周六 10:00–16:00；周日不开放".
 */
export function openingHoursInWords(hours: OpeningHours, language: Language): string {
  const spans = WEEKDAYS.map((day) => (hours[day] ?? []).map((s) => `${s.open}–${s.close}`).join(language === 'en' ? ', ' : '、'));
  if (spans.every((s) => s === '')) return NEVER[language];
  if (spans.every((s) => s === spans[0])) return `${EVERY_DAY[language]} ${spans[0]}`;
  const runs: Array<{ from: number; to: number; span: string }> = [];
  spans.forEach((span, i) => {
    const last = runs.at(-1);
    if (last && last.span === span) last.to = i;
    else runs.push({ from: i, to: i, span });
  });
  const names = DAY_NAMES[language];
  const days = (r: { from: number; to: number }) => (r.from === r.to ? names[r.from]! : `${names[r.from]!}${language === 'en' ? '–' : '至'}${names[r.to]!}`);
  const gap = language === 'en' ? ' ' : '';
  return runs.map((r) => `${days(r)}${r.span ? ` ${r.span}` : `${gap}${CLOSED[language]}`}`).join(language === 'en' ? '; ' : '；');
}

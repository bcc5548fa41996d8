import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import type { Language } from '../db/schema.js';
import { reservationsIn } from './reports-dal.js';
import { ForbiddenError } from '../errors/http-errors.js';
import { forSpreadsheet, toCsv } from '../http/csv.js';
import { t } from '../i18n/translate.js';
import { inLanguage } from '../i18n/bilingual.js';
import type { DbDeps } from '../services/service-deps.js';
import { REPORT_ZONE, windowOf, type ImpactQuery } from './impact-report.js';

export interface GreenChannelRow {
  /** The Shanghai month of the slots, YYYY-MM. */
  month: string;
  centreId: number;
  centre: string;
  categoryCode: string;
  category: { en?: string; 'zh-CN'?: string };
  /** Reservations made for slots in the month (cancelled ones not counted). */
  reservations: number;
  served: number;
  noShows: number;
  /** Minutes from check-in to served, on average; null when nobody was served. */
  meanWaitMinutes: number | null;
}

/**
 * The green channel in the report window: per month, centre and category — reservations (not
 * cancelled), served, no-shows, and the mean wait from check-in to served. Coordinators only.
 */
export function greenChannelReport(deps: DbDeps, principal: Principal, query: Pick<ImpactQuery, 'from' | 'to'>) {
  if (principal.role !== 'coordinator') throw new ForbiddenError('The green channel’s report is the coordinators’.').say('errGreenReport');
  return greenChannelFigures(deps, query);
}

/** The green channel's report rows, for whoever may see them (the report, the annual review). */
export function greenChannelFigures({ db }: DbDeps, query: Pick<ImpactQuery, 'from' | 'to'>) {
  const window = windowOf(query);
  const rows = reservationsIn(db, window.from.toJSDate(), window.until.toJSDate());
  const groups = new Map<string, GreenChannelRow & { waitSum: number }>();
  for (const { r, centre, categoryCode, category } of rows) {
    if (r.status === 'cancelled' || r.status === 'held') continue;
    const month = DateTime.fromJSDate(r.startAt, { zone: REPORT_ZONE }).toFormat('yyyy-MM');
    const key = `${month}|${r.centreId}|${categoryCode}`;
    const group = groups.get(key) ?? { month, centreId: r.centreId, centre, categoryCode, category, reservations: 0, served: 0, noShows: 0, meanWaitMinutes: null, waitSum: 0 };
    group.reservations += 1;
    if (r.status === 'no_show') group.noShows += 1;
    if (r.status === 'served') {
      group.served += 1;
      if (r.checkedInAt && r.servedAt) group.waitSum += (r.servedAt.getTime() - r.checkedInAt.getTime()) / 60_000;
    }
    groups.set(key, group);
  }
  const items = [...groups.values()]
    .map(({ waitSum, ...row }) => ({ ...row, meanWaitMinutes: row.served ? Math.round((waitSum / row.served) * 10) / 10 : null }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.centre.localeCompare(b.centre) || a.categoryCode.localeCompare(b.categoryCode));
  return { from: window.from.toISODate()!, to: window.until.minus({ days: 1 }).toISODate()!, zone: REPORT_ZONE, rows: items };
}

/** The same as CSV (formula-safe), headings in a language for people (with a BOM, so Excel reads Chinese) or field names for the API. */
export function greenChannelCsv(report: ReturnType<typeof greenChannelReport>, language?: Language): string {
  const fields = ['month', 'centre', 'category', 'reservations', 'served', 'noShows', 'meanWaitMinutes'] as const;
  const headings: string[] = language ? fields.map((f) => t(language, `gc_${f}`)) : [...fields];
  const csv = toCsv([headings, ...report.rows.map((r) => [r.month, r.centre, inLanguage(r.category, language ?? 'zh-CN'), r.reservations, r.served, r.noShows, r.meanWaitMinutes])]);
  return language ? forSpreadsheet(csv) : csv;
}

import type { FastifyPluginAsync } from 'fastify';
import { greenChannelCsv, greenChannelReport } from '../../reports/green-channel-report.js';
import { greenReportSection } from '../green-channel/green-report-section.js';
import { DateTime } from 'luxon';
import type { Language, Role } from '../../db/schema.js';
import { type SafeHtml, html } from '../../http/html.js';
import type { MessageKey } from '../../i18n/translate.js';
import { impactCsv, impactReport, type ImpactFigures, type ImpactReport, type ImpactRow } from '../../reports/impact-report.js';
import { ImpactQuerySchema } from '../../reports/reports-routes.js';
import { cardTable } from '../frame/card-table.js';
import { parseForm } from '../frame/forms.js';
import { options, say, sendPage, words } from '../frame/layout.js';
import { measureChart } from './report-chart.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { sendCsv } from '../../http/csv.js';

const REPORT_READERS: { roles: readonly Role[] } = { roles: ['coordinator', 'park_manager'] };
type Query = Record<string, string | undefined>;

/** Every figure of a row, in the order the table and the headline show them. */
const FIGURES: Array<{ key: MessageKey; of: (r: ImpactFigures) => number | null; percent?: boolean }> = [
  { key: 'eventsHeld', of: (r) => r.eventsHeld },
  { key: 'registrationsCount', of: (r) => r.registrations },
  { key: 'checkIns', of: (r) => r.checkIns },
  { key: 'noShowRate', of: (r) => r.noShowRate, percent: true },
  { key: 'reach', of: (r) => r.noticesDelivered },
  { key: 'channelPosts', of: (r) => r.channelPosts },
  { key: 'hoursBooked', of: (r) => r.hoursBooked },
  { key: 'utilization', of: (r) => r.utilization, percent: true },
  { key: 'venueValue', of: (r) => r.venueValue },
  { key: 'responseRate', of: (r) => r.feedbackResponseRate, percent: true },
  { key: 'meanRating', of: (r) => r.meanRating },
];
/** The measures with a chart of their own (counts, not rates). */
const CHARTED: MessageKey[] = ['eventsHeld', 'registrationsCount', 'checkIns', 'reach', 'hoursBooked'];

function figure(language: Language, value: number | null, percent = false): string {
  if (value === null) return '—';
  if (percent) return `${Math.round(value * 1000) / 10}%`;
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
}

/** A row with nothing happening (a month with only opening hours): such months are folded together. */
const quiet = (r: ImpactRow) => r.eventsHeld + r.registrations + r.checkIns + r.noticesDelivered + r.channelPosts + r.hoursBooked === 0;

interface Shown {
  label: string;
  row: ImpactRow | null;
}

/**
 * The groups as people read them: months by name (`2026年3月` / `Mar 2026`), a park's online
 * events as "online", and each run of quiet months one line (`2026年3月–6月`) instead of rows of zeros.
 */
function shownGroups(visitor: Visitor, report: ImpactReport): Shown[] {
  const monthName = (key: string) => DateTime.fromFormat(key, 'yyyy-MM').setLocale(visitor.language).toFormat(visitor.language === 'en' ? 'LLL yyyy' : 'yyyy年M月');
  const label = (r: ImpactRow) => (report.groupBy === 'month' ? monthName(r.key) : r.key === 'online' ? words(visitor, 'online') : r.label);
  if (report.groupBy !== 'month') return report.rows.map((r) => ({ label: label(r), row: r }));
  const shown: Shown[] = [];
  for (let i = 0; i < report.rows.length; i++) {
    const row = report.rows[i]!;
    if (!quiet(row)) {
      shown.push({ label: label(row), row });
      continue;
    }
    let last = i;
    while (last + 1 < report.rows.length && quiet(report.rows[last + 1]!)) last++;
    const span = last === i ? label(row) : `${label(row)} – ${label(report.rows[last]!)}`;
    shown.push({ label: words(visitor, 'quietMonths', { span }), row: null });
    i = last;
  }
  return shown;
}

function reportBody(visitor: Visitor, report: ImpactReport): SafeHtml {
  const lang = visitor.language;
  const headline = html`<dl class="figures">${FIGURES.map((f) => html`<div><dt>${words(visitor, f.key)}</dt><dd>${figure(lang, f.of(report.totals), f.percent)}</dd></div>`)}</dl>`;
  const groups = shownGroups(visitor, report);
  const charts = CHARTED.map((key) => {
    const measure = FIGURES.find((f) => f.key === key)!;
    // Months keep their order and show their zeros; parks and organizations with nothing are named once below.
    const drawn = groups.filter((g) => g.row && (report.groupBy === 'month' || measure.of(g.row)));
    const none = groups.filter((g) => !g.row || !measure.of(g.row)).map((g) => g.label);
    const bars = drawn.map((g) => ({ label: g.label, value: measure.of(g.row!) ?? 0, shown: figure(lang, measure.of(g.row!)) }));
    const footnote = report.groupBy !== 'month' && none.length ? words(visitor, 'noneFor', { names: none.join(lang === 'en' ? ', ' : '、') }) : '';
    return bars.length ? measureChart(words(visitor, key), bars, { footnote }) : '';
  });
  const cells = (r: ImpactFigures) => FIGURES.map((f) => figure(lang, f.of(r), f.percent));
  const rows = [
    ...groups.map((g) => (g.row ? { cells: [g.label, ...cells(g.row)] } : { cells: [html`<span class="muted">${g.label}</span>`], className: 'quiet' })),
    { cells: [html`<strong>${words(visitor, 'total')}</strong>`, ...cells(report.totals)], className: 'total' },
  ];
  const table = cardTable([words(visitor, `by_${report.groupBy}`), ...FIGURES.map((f) => words(visitor, f.key))], rows, 'report');
  return html`${headline}${report.rows.length ? html`<div class="charts">${charts}</div>` : html`<p class="muted">${say(visitor, 'reportEmpty')}</p>`}<h2>${say(visitor, 'reportDetails')}</h2>${table}`;
}

/** The impact report as a page (headline figures, one chart per measure, the figures per group) and as a CSV download. */
export const reportPages: FastifyPluginAsync = async (app) => {
  const reportQuery = (q: Query) => parseForm(ImpactQuerySchema, { from: q.from, to: q.to, groupBy: q.groupBy });

  app.get('/office/report', pageRoute(REPORT_READERS), async (request, reply) => {
    const { visitor } = request;
    const report = impactReport(app.deps, visitor.principal!, reportQuery(request.query as Query));
    const csv = `/office/report.csv?${new URLSearchParams({ from: report.from, to: report.to, groupBy: report.groupBy }).toString()}`;
    const body = html`<form method="get" action="/office/report" class="row">
<div><label for="from">${say(visitor, 'fromDate')}</label><input id="from" name="from" type="date" value="${report.from}"></div>
<div><label for="to">${say(visitor, 'toDate')}</label><input id="to" name="to" type="date" value="${report.to}"></div>
<div><label for="groupBy">${say(visitor, 'groupBy')}</label><select id="groupBy" name="groupBy">${options((['park', 'organization', 'month'] as const).map((g) => ({ value: g, label: words(visitor, `by_${g}`) })), report.groupBy)}</select></div>
<div><button>${say(visitor, 'show')}</button></div></form>
<p class="muted">${say(visitor, 'reportZone', { zone: report.zone })} · <a href="${csv}" download>${say(visitor, 'downloadCsv')}</a></p>
${reportBody(visitor, report)}${greenReportSection(app.deps, visitor, { from: report.from, to: report.to })}`;
    return sendPage(reply, visitor, words(visitor, 'navReport'), body);
  });

  app.get('/office/report/green-channel.csv', pageRoute({ roles: ['coordinator'] }), async (request, reply) => {
    const q = request.query as Query;
    const report = greenChannelReport(app.deps, request.visitor.principal!, reportQuery({ from: q.from, to: q.to }));
    return sendCsv(reply, `green-channel-${report.from}-${report.to}.csv`, greenChannelCsv(report, request.visitor.language));
  });

  app.get('/office/report.csv', pageRoute(REPORT_READERS), async (request, reply) => {
    const report = impactReport(app.deps, request.visitor.principal!, reportQuery(request.query as Query));
    const filename = `impact-${report.groupBy}-${report.from}-${report.to}.csv`;
    return sendCsv(reply, filename, impactCsv(report, request.visitor.language));
  });
};

import { html, type HtmlPart } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { greenChannelReport } from '../../reports/green-channel-report.js';
import type { DbDeps } from '../../services/service-deps.js';
import { cardTable } from '../frame/card-table.js';
import { say, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** The report page's green-channel table (coordinators): per month, centre and category, with its CSV. */
export function greenReportSection(deps: DbDeps, visitor: Visitor, window: { from: string; to: string }): HtmlPart {
  if (visitor.principal?.role !== 'coordinator') return '';
  const report = greenChannelReport(deps, visitor.principal, window);
  const rows = report.rows.map((r) => ({ cells: [r.month, r.centre, inLanguage(r.category, visitor.language), r.reservations, r.served, r.noShows, r.meanWaitMinutes ?? '—'] }));
  const headings = (['gc_month', 'gc_centre', 'gc_category', 'gc_reservations', 'gc_served', 'gc_noShows', 'gc_meanWaitMinutes'] as const).map((key) => words(visitor, key));
  const csv = `/office/report/green-channel.csv?${new URLSearchParams(window).toString()}`;
  return html`<h2>${say(visitor, 'gc_heading')}</h2>${rows.length ? cardTable(headings, rows) : html`<p class="muted">${say(visitor, 'gc_none')}</p>`}<p><a href="${csv}" download>${say(visitor, 'gc_download')}</a></p>`;
}

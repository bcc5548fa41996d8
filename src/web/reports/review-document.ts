import type { Language } from '../../db/schema.js';
import { type SafeHtml, html } from '../../http/html.js';
import { FIGURE_NAMES, type AnnualFigures, type AnnualReview, type FigureName, type OrganizationReview, type ReviewEntry } from '../../reports/annual-review.js';
import { cardTable } from '../frame/card-table.js';
import { say, words } from '../frame/layout.js';
import { measureChart, type Bar } from './report-chart.js';
import type { Visitor } from '../frame/visitor.js';

/** Figures that are shares (0–1): written as percentages, their change in points. */
const RATES = new Set<FigureName>(['noShowRate', 'feedbackResponseRate', 'internationalShare']);
/** The figures each organization's line in the alliance table shows. */
const TABLE_FIGURES: FigureName[] = ['eventsHeld', 'eventsCoOrganized', 'registrations', 'checkIns', 'meanRating', 'internationalShare', 'venueHoursProvided', 'greenChannelServed'];

/** A figure as people read it, in a language: a count, a share in %, a rating to one decimal, or — when unknown. */
export function figureText(name: FigureName, value: number | null, language: Language): string {
  if (value === null) return '—';
  if (RATES.has(name)) return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value * 100)}%`;
  return new Intl.NumberFormat(language, { maximumFractionDigits: name === 'meanRating' ? 2 : 1 }).format(value);
}

/** A change with its sign; a share's in percentage points. */
export function changeText(name: FigureName, change: number | null, language: Language): string {
  if (change === null) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  if (RATES.has(name)) return `${sign}${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(size * 100)} ${language === 'en' ? 'pts' : '个百分点'}`;
  return `${sign}${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(size)}`;
}

/** Every figure of one entry: this year, the year before, the change (a plain table: four short columns fit a phone). */
function figureTable(visitor: Visitor, year: number, entry: ReviewEntry): SafeHtml {
  const lang = visitor.language;
  const rows = FIGURE_NAMES.map(
    (name) => html`<tr><th scope="row">${words(visitor, `fig_${name}`)}</th><td>${figureText(name, entry.figures[name], lang)}</td><td>${figureText(name, entry.previous[name], lang)}</td><td>${changeText(name, entry.change[name], lang)}</td></tr>`,
  );
  return html`<table class="figures-table"><thead><tr><th scope="col">${words(visitor, 'reviewFigure')}</th><th scope="col">${year}</th><th scope="col">${year - 1}</th><th scope="col">${words(visitor, 'reviewChange')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const legendOf = (year: number) => ({ current: String(year), previous: String(year - 1) });

/** A chart of one figure across organizations (those with something to show, largest first, at most 12). */
function byOrganization(visitor: Visitor, review: AnnualReview, name: FigureName): SafeHtml | '' {
  const bars: Bar[] = review.organizations
    .filter((o) => (o.figures[name] ?? 0) > 0 || (o.previous[name] ?? 0) > 0)
    .sort((a, b) => (b.figures[name] ?? 0) - (a.figures[name] ?? 0))
    .slice(0, 12)
    .map((o) => ({ label: o.name, value: o.figures[name] ?? 0, previous: o.previous[name] ?? 0, shown: figureText(name, o.figures[name], visitor.language) }));
  return bars.length ? measureChart(words(visitor, `fig_${name}`), bars, { legend: legendOf(review.year) }) : '';
}

/** The alliance's document: its totals against the year before, charts across the members, every member's line. */
export function allianceDocument(visitor: Visitor, review: AnnualReview): SafeHtml {
  const lang = visitor.language;
  const totals = review.totals!;
  const members = review.organizations.filter((o) => o.kind !== 'coordinator' || FIGURE_NAMES.some((n) => (o.figures[n] ?? 0) > 0));
  const rows = members.map((o) => ({ cells: [o.name, words(visitor, `kind_${o.kind as 'park'}`), ...TABLE_FIGURES.map((name) => figureText(name, o.figures[name], lang))] }));
  return html`<p>${say(visitor, 'reviewIntro', { year: review.year, previous: review.year - 1 })}</p>
<h2>${say(visitor, 'reviewAlliance')}</h2>${headline(visitor, totals.figures, totals)}${figureTable(visitor, review.year, totals)}
<div class="review-charts">${byOrganization(visitor, review, 'eventsHeld')}${byOrganization(visitor, review, 'registrations')}${byOrganization(visitor, review, 'internationalShare')}${byOrganization(visitor, review, 'venueHoursProvided')}</div>
${centresTable(visitor, review)}<h2>${say(visitor, 'reviewMembers')}</h2>${cardTable([words(visitor, 'organization'), words(visitor, 'kind'), ...TABLE_FIGURES.map((name) => words(visitor, `fig_${name}`))], rows, 'review-members')}`;
}

/** Green-channel services delivered at each service centre, against the year before. */
function centresTable(visitor: Visitor, review: AnnualReview): SafeHtml | '' {
  if (!review.centres.length) return '';
  const lang = visitor.language;
  const rows = review.centres.map((c) => html`<tr><th scope="row">${c.name}</th><td>${figureText('greenChannelServed', c.served, lang)}</td><td>${figureText('greenChannelServed', c.previous, lang)}</td><td>${changeText('greenChannelServed', c.change, lang)}</td></tr>`);
  return html`<h2>${say(visitor, 'fig_greenChannelServed')}</h2><table class="figures-table"><thead><tr><th scope="col">${say(visitor, 'reviewCentre')}</th><th scope="col">${review.year}</th><th scope="col">${review.year - 1}</th><th scope="col">${say(visitor, 'reviewChange')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The four figures a reader looks at first, large, each with its change. */
function headline(visitor: Visitor, figures: AnnualFigures, entry: ReviewEntry): SafeHtml {
  const lang = visitor.language;
  const names: FigureName[] = ['eventsHeld', 'registrations', 'checkIns', 'internationalShare'];
  return html`<dl class="figures">${names.map((name) => html`<div><dt>${words(visitor, `fig_${name}`)}</dt><dd>${figureText(name, figures[name], lang)}</dd><dd class="muted">${changeText(name, entry.change[name], lang)}</dd></div>`)}</dl>`;
}

/** One organization's document: its facts, its year against the last in a chart and in full. */
export function organizationDocument(visitor: Visitor, review: AnnualReview, org: OrganizationReview): SafeHtml {
  const lang = visitor.language;
  const counts: FigureName[] = ['eventsHeld', 'eventsCoOrganized', 'registrations', 'checkIns', 'noticesDelivered', 'channelPosts', 'venueHoursProvided', 'greenChannelServed', 'internationalParticipants'];
  const bars = counts.filter((name) => (org.figures[name] ?? 0) > 0 || (org.previous[name] ?? 0) > 0).map((name) => ({ label: words(visitor, `fig_${name}`), value: org.figures[name] ?? 0, previous: org.previous[name] ?? 0, shown: figureText(name, org.figures[name], lang) }));
  const facts = [words(visitor, `kind_${org.kind as 'park'}`), org.level ? words(visitor, `level_${org.level as 'national'}`) : '', org.brand ?? '', org.floorAreaM2 ? say(visitor, 'profileAreaValue', { n: new Intl.NumberFormat(lang).format(org.floorAreaM2) }) : ''].filter(Boolean);
  return html`<p>${say(visitor, 'reviewIntro', { year: review.year, previous: review.year - 1 })}</p><p class="muted">${facts.join(' · ')}</p>
${headline(visitor, org.figures, org)}${bars.length ? measureChart(say(visitor, 'reviewTitleOf', { year: review.year, name: org.name }), bars, { legend: legendOf(review.year), eachOwnScale: true }) : ''}
${figureTable(visitor, review.year, org)}`;
}

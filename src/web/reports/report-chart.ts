import { type SafeHtml, html } from '../../http/html.js';

export interface Bar {
  label: string;
  value: number;
  /** How the value is written (e.g. `12.5%`); the number itself by default. */
  shown?: string;
  /** The year before's value, drawn as a thinner grey bar under this one's (the annual review). */
  previous?: number;
}

export interface ChartOptions {
  /** A line under the chart (who had nothing to show). */
  footnote?: string;
  /** What the two bars are, when bars carry `previous`: e.g. 2026 and 2025. */
  legend?: { current: string; previous: string };
  /** Each bar against the larger of its own pair, for rows of different kinds (events, people, hours). */
  eachOwnScale?: boolean;
}

/** A bar of `value` out of `largest`: a one-rectangle SVG stretched to its share (an attribute, not an inline style, so the page's CSP stays strict). */
const track = (className: string, value: number, largest: number) =>
  html`<svg class="${className}" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect width="${Math.round((value / largest) * 1000) / 10}" height="1"/></svg>`;

/**
 * One measure as a bar chart in HTML: each bar's label and value are text (readable on a phone
 * at the page's own size, never scaled down; selectable in a printed PDF), the bar itself drawn
 * beneath its label. With `previous`, the year before's bar follows, thin and grey, and a legend
 * says which is which. The impact report's charts and the annual review's are this one.
 */
export function measureChart(title: string, bars: Bar[], options: ChartOptions = {}): SafeHtml {
  const max = Math.max(1, ...bars.flatMap((bar) => [bar.value, bar.previous ?? 0]));
  const rows = bars.map((bar) => {
    const largest = options.eachOwnScale ? Math.max(1, bar.value, bar.previous ?? 0) : max;
    return html`<li><span class="bar-label">${bar.label}</span><span class="bar-value">${bar.shown ?? bar.value}</span>${track('bar-track', bar.value, largest)}${bar.previous === undefined ? '' : track('bar-track previous', bar.previous, largest)}</li>`;
  });
  // The keys are SVG too: a printed page (the review's PDF) keeps fills, not backgrounds.
  const key = (which: string) => html`<svg class="key ${which}" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1"/></svg>`;
  const legend = options.legend ? html`<p class="bar-legend">${key('current')}${options.legend.current} ${key('previous')}${options.legend.previous}</p>` : '';
  return html`<figure class="measure"><figcaption>${title}</figcaption>${legend}<ol class="bars">${rows}</ol>${options.footnote ? html`<p class="muted">${options.footnote}</p>` : ''}</figure>`;
}

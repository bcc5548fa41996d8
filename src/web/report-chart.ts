import { type SafeHtml, html } from '../http/html.js';

export interface Bar {
  label: string;
  value: number;
  /** How the value is written (e.g. `12.5%`); the number itself by default. */
  shown?: string;
}

/**
 * One measure as a bar chart in HTML: each bar's label and value are text (readable on a phone
 * at the page's own size, never scaled down), the bar itself a one-rectangle SVG stretched to
 * its share of the widest (an attribute, not an inline style, so the page's CSP stays strict).
 */
export function measureChart(title: string, bars: Bar[], footnote = ''): SafeHtml {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rows = bars.map((bar) => {
    const width = Math.round((bar.value / max) * 1000) / 10;
    return html`<li><span class="bar-label">${bar.label}</span><span class="bar-value">${bar.shown ?? bar.value}</span><svg class="bar-track" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect width="${width}" height="1"/></svg></li>`;
  });
  return html`<figure class="measure"><figcaption>${title}</figcaption><ol class="bars">${rows}</ol>${footnote ? html`<p class="muted">${footnote}</p>` : ''}</figure>`;
}

import { type SafeHtml, html } from '../http/html.js';

export interface PairedBar {
  label: string;
  value: number;
  /** The year before's value, drawn as a thinner grey bar under this year's. */
  previous?: number;
  /** How the value is written next to its bar (e.g. `62%`). */
  shown?: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 70;
const ROW = 30;

/** Text cut to about `room` columns (a CJK character counts two), with an ellipsis: an SVG label does not wrap. */
export function fitLabel(label: string, room = 26): string {
  let used = 0;
  let out = '';
  for (const ch of label) {
    used += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
    if (used > room) return `${out}…`;
    out += ch;
  }
  return out;
}

/**
 * A horizontal bar chart as one inline SVG, its text real text (selectable in the PDF, read by
 * screen readers through the title and each row's label): a bar per row scaled to the largest
 * value (or, `eachOwnScale`, to the larger of its own pair), the year before's as a thin grey bar
 * beneath, and the value written after it. Colours
 * come from attributes, not styles, so the page's CSP stays strict.
 */
export function pairedBarChart(id: string, title: string, bars: PairedBar[], legend?: { current: string; previous: string }, options: { eachOwnScale?: boolean } = {}): SafeHtml {
  const max = Math.max(1, ...bars.flatMap((bar) => [bar.value, bar.previous ?? 0]));
  const track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const top = legend ? 24 : 4;
  const height = top + bars.length * ROW + 4;
  const rows = bars.map((bar, i) => {
    const y = top + i * ROW;
    // Figures of different kinds (events, people, hours) are each drawn against their own pair.
    const largest = options.eachOwnScale ? Math.max(1, bar.value, bar.previous ?? 0) : max;
    const scale = (value: number) => Math.round((value / largest) * track * 10) / 10;
    return html`<g><text x="0" y="${y + 15}" font-size="13">${fitLabel(bar.label)}</text><rect x="${LABEL_WIDTH}" y="${y + 3}" width="${scale(bar.value)}" height="14" fill="#1a56db"/>${
      bar.previous === undefined ? '' : html`<rect x="${LABEL_WIDTH}" y="${y + 19}" width="${scale(bar.previous)}" height="5" fill="#9ca3af"/>`
    }<text x="${LABEL_WIDTH + scale(bar.value) + 6}" y="${y + 15}" font-size="12">${bar.shown ?? String(bar.value)}</text></g>`;
  });
  const key = legend
    ? html`<g font-size="12"><rect x="${LABEL_WIDTH}" y="4" width="12" height="12" fill="#1a56db"/><text x="${LABEL_WIDTH + 16}" y="14">${legend.current}</text><rect x="${LABEL_WIDTH + 110}" y="8" width="12" height="5" fill="#9ca3af"/><text x="${LABEL_WIDTH + 126}" y="14">${legend.previous}</text></g>`
    : '';
  return html`<figure class="chart"><svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}" font-family="sans-serif"><title id="${id}">${title}</title>${key}${rows}</svg><figcaption>${title}</figcaption></figure>`;
}

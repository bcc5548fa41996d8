import { type SafeHtml, html } from '../http/html.js';

export interface Bar {
  label: string;
  values: number[];
}

/**
 * A horizontal grouped bar chart as inline SVG (no script, prints, scales on a phone): one row
 * per bar group, one bar per series, each series in its own colour, with a legend.
 */
export function barChart(bars: Bar[], series: string[], title: string): SafeHtml {
  const colours = ['#9ab8f0', '#0b57d0', '#f0a35e'];
  const max = Math.max(1, ...bars.flatMap((bar) => bar.values));
  const labelWidth = 180;
  const plotWidth = 420;
  const barHeight = 14;
  const groupHeight = series.length * barHeight + 10;
  const legendHeight = 24;
  const height = legendHeight + bars.length * groupHeight + 4;
  const legend = series
    .map((name, i) => html`<rect x="${labelWidth + i * 140}" y="4" width="12" height="12" fill="${colours[i % colours.length]}"/><text x="${labelWidth + i * 140 + 16}" y="15" font-size="12">${name}</text>`);
  const groups = bars
    .map((bar, row) => {
      const top = legendHeight + row * groupHeight;
      const label = bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label;
      const rects = bar.values
        .map((value, i) => {
          const width = Math.round((value / max) * plotWidth);
          const y = top + i * barHeight;
          return html`<rect x="${labelWidth}" y="${y}" width="${width}" height="${barHeight - 2}" fill="${colours[i % colours.length]}"><title>${`${bar.label} · ${series[i]}: ${value}`}</title></rect><text x="${labelWidth + width + 4}" y="${y + barHeight - 4}" font-size="11">${value}</text>`;
        });
      return html`<text x="${labelWidth - 6}" y="${top + groupHeight / 2}" font-size="12" text-anchor="end">${label}</text>${rects}`;
    });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${labelWidth + plotWidth + 60} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${legend}${groups}</svg>`;
}

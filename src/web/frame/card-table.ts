import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';

export interface CardRow {
  /** One cell per heading, in order; the first is the card's title on a phone. */
  cells: HtmlPart[];
  id?: string;
  className?: string;
}

/**
 * A list that is a table where there is room and a stack of cards on a phone (site.css turns
 * `table.cards` rows into blocks below 40rem and shows each cell's heading above it from
 * `data-label`): one markup, no script, nothing wider than the screen. A heading of '' labels
 * nothing (an actions column).
 */
export function cardTable(headings: string[], rows: CardRow[], className = ''): SafeHtml {
  const body = rows.map(
    (row) =>
      html`<tr${row.id ? html` id="${row.id}"` : ''}${row.className ? html` class="${row.className}"` : ''}>${row.cells.map((cell, i) =>
        i > 0 && headings[i] ? html`<td data-label="${headings[i]}">${cell}</td>` : html`<td>${cell}</td>`,
      )}</tr>`,
  );
  return html`<table class="cards${className ? ` ${className}` : ''}"><thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}

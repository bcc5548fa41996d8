/** Escapes text for HTML element content and attribute values (only through `html`, so nobody has to remember it). */
function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SAFE = Symbol('SafeHtml');

/**
 * Markup that may be sent as it is. Only `html` (below) and `trustedHtml` make it, so a page or
 * mail built from them has every person's string escaped: escaping is the default, not a step
 * to remember.
 */
export interface SafeHtml {
  readonly [SAFE]: string;
  /** Throws: markup is never a string by accident (see `safe`). */
  toString(): never;
}

/** What a template may interpolate: markup, or text and numbers (escaped); nothing for null, undefined or false; arrays in order. */
export type HtmlPart = SafeHtml | string | number | null | undefined | false | readonly HtmlPart[];

function safe(markup: string): SafeHtml {
  // Markup turned into a string (`parts.join(' ')`, `${markup}` in a plain template) would be escaped
  // again by the next `html` and shown as tags: fail loudly instead. Join with joinHtml; send with markupOf.
  return {
    [SAFE]: markup,
    toString: () => {
      throw new TypeError('SafeHtml used as a string: interpolate it with html`…`, join with joinHtml(), send with markupOf().');
    },
  };
}

function render(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return '';
  if (typeof part === 'string' || typeof part === 'number') return escapeHtml(part);
  if (Array.isArray(part)) return (part as readonly HtmlPart[]).map(render).join('');
  return (part as SafeHtml)[SAFE];
}

/**
 * The HTML template tag: html`<p>${name}</p>` escapes `name`; a nested html`…` (or an array of
 * them) goes in as markup. Every page and HTML mail is built with it.
 */
export function html(strings: TemplateStringsArray, ...parts: HtmlPart[]): SafeHtml {
  let markup = strings[0]!;
  for (let i = 0; i < parts.length; i++) markup += render(parts[i]) + strings[i + 1]!;
  return safe(markup);
}

/** Markup this code made itself (never a person's text): e.g. the report chart's SVG numbers. */
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

/** The markup of a SafeHtml, for sending. */
export function markupOf(value: SafeHtml): string {
  return value[SAFE];
}

/** Text with its line breaks kept as <br>. */
export function withLineBreaks(text: string): SafeHtml {
  return html`${text.split('\n').map((line, i) => (i === 0 ? line : html`<br>${line}`))}`;
}

/** True when the client prefers a page to JSON (a browser following a link or posting a form). */
export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}

/** Markup parts with a separator between them (the separator is text, escaped like any other). */
export function joinHtml(parts: readonly HtmlPart[], separator: HtmlPart): SafeHtml {
  return html`${parts.map((part, i) => (i === 0 ? html`${part}` : html`${separator}${part}`))}`;
}

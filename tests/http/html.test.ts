import { describe, expect, it } from 'vitest';
import { html, joinHtml, markupOf, trustedHtml, withLineBreaks } from '../../src/http/html.js';

const out = (value: Parameters<typeof markupOf>[0]) => markupOf(value);

describe('the html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(out(html`<p title="${name}">${name}</p>`)).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
  });

  it('keeps nested templates and arrays of them as markup, escaped once', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(out(html`<ul>${items}</ul>`)).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(out(html`${html`${html`<b>${'<'}</b>`}`}`)).toBe('<b>&lt;</b>');
  });

  it('renders numbers as they are and nothing for null, undefined and false', () => {
    expect(out(html`${0}|${12.5}|${null}|${undefined}|${false}|`)).toBe('0|12.5||||');
  });

  it('joins with an escaped separator and keeps line breaks as <br>', () => {
    expect(out(joinHtml([html`<i>a</i>`, 'b&'], ' & '))).toBe('<i>a</i> &amp; b&amp;');
    expect(out(withLineBreaks('one <x>\ntwo'))).toBe('one &lt;x&gt;<br>two');
  });

  it('takes markup this code made only through trustedHtml', () => {
    expect(out(html`<svg>${trustedHtml('<rect width="3"/>')}</svg>`)).toBe('<svg><rect width="3"/></svg>');
  });

  it('refuses to become a string by accident (it would be escaped again and shown as tags)', () => {
    const link = html`<a href="/x">x</a>`;
    expect(() => String(link)).toThrow(/SafeHtml used as a string/);
    expect(() => [link, link].join(' ')).toThrow(/joinHtml/);
    expect(() => `${link as unknown as string}`).toThrow(TypeError);
    expect(out(joinHtml([link, link], ' '))).toBe('<a href="/x">x</a> <a href="/x">x</a>');
  });
});

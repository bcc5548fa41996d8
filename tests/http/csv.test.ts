import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/http/csv.js';

describe('CSV cells', () => {
  it('writes text a spreadsheet would run as a formula as text', () => {
    for (const hostile of ['=HYPERLINK("http://evil.example","click")', '+1+cmd|/C calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(hostile).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes per RFC 4180 and leaves numbers alone', () => {
    expect(csvCell('Founders, "Inc"')).toBe('"Founders, ""Inc"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(null)).toBe('');
    expect(toCsv([['a', 1], ['=x', null]])).toBe("a,1\r\n'=x,\r\n");
  });
});

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @ tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. Text that a
 * spreadsheet would take for a formula is written as text, with a leading `'`. Numbers are
 * written as they are (a negative number is not text a person typed).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of cells as a CSV document, CRLF line ends as RFC 4180 asks. */
export function toCsv(lines: unknown[][]): string {
  return lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

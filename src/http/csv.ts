import type { FastifyReply } from 'fastify';

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @ tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. Text that a
 * spreadsheet would take for a formula is written as text, with a leading `'`. Numbers are
 * written as they are (a negative number is not text a person typed).
 */
/** What a cell may hold: objects have no one CSV spelling, so they are refused by type. */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of cells as a CSV document, CRLF line ends as RFC 4180 asks. */
export function toCsv(lines: CsvValue[][]): string {
  return lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The same for a spreadsheet: with a UTF-8 BOM, so Excel opens Chinese text as Chinese. */
export function forSpreadsheet(csv: string): string {
  return `\uFEFF${csv}`;
}

/** Whether a report route should answer CSV: `format=csv`, or no format and `Accept: text/csv`. */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
}

/** Sends CSV as a download named `filename`. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
}

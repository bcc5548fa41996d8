import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import type { Answers, Language, Question } from '../db/schema.js';
import { eventRegistrations } from './registrations-dal.js';
import { assertRunsEvent } from '../events/event-access.js';
import { eventTimezone } from '../events/event-view.js';
import { eventWithPlace } from '../events/events-service.js';
import { toCsv, type CsvValue } from '../http/csv.js';
import { t } from '../i18n/translate.js';
import { countryName } from '../i18n/countries.js';
import type { DbDeps } from '../services/service-deps.js';
import { questionLabel } from '../events/event-questions.js';

export const EXPORT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Who registered for an event as a table: one row per registration, one column per question. */
export interface RegistrationTable {
  title: string;
  headers: string[];
  rows: CsvValue[][];
}

function answerText(question: Question, answer: Answers[string] | undefined, language: Language): string {
  if (!answer) return '';
  if (question.type === 'country' && typeof answer.value === 'string') return `${countryName(answer.value, language)} (${answer.value})`;
  if (Array.isArray(answer.value)) return answer.value.join('; ');
  if (typeof answer.value === 'boolean') return t(language, answer.value ? 'yes' : 'no');
  return answer.value;
}

/**
 * The event's registrations for its organizers and coordinators: name, email, mobile, status,
 * waitlist position, when registered and when checked in (in the venue's zone), then each
 * question's answer — headings in `language` (by default the event's).
 */
export function registrationTable({ db }: DbDeps, principal: Principal, eventId: number, wanted?: Language): RegistrationTable {
  const place = eventWithPlace({ db }, eventId);
  const language = wanted ?? place.event.language;
  assertRunsEvent(principal, place.event);
  const zone = eventTimezone(place);
  const at = (date: Date | null) => (date ? DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm') : '');
  const rows = eventRegistrations(db, eventId);
  // Waitlist positions in queue order, counted once for the whole table.
  const waiting = rows.filter((r) => r.status === 'waitlisted').sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.id - b.id);
  const position = new Map(waiting.map((r, i) => [r.id, i + 1]));
  const questions = place.event.questions;
  const headers = [
    ...(['name', 'email', 'mobile', 'status', 'exportWaitlistPosition', 'exportRegisteredAt', 'exportCheckedInAt'] as const).map((key) => t(language, key)),
    ...questions.map((q) => questionLabel(q, language)),
  ];
  return {
    title: place.event.title,
    headers,
    rows: rows.map((r) => [
      r.name,
      r.email,
      r.mobile ?? '',
      t(language, `st_${r.status}`),
      position.get(r.id) ?? '',
      at(r.createdAt),
      at(r.checkedInAt),
      ...questions.map((q) => answerText(q, r.answers?.[q.id], language)),
    ]),
  };
}

/** The table as CSV (formula-safe cells), with a byte-order mark so spreadsheet apps read the Chinese right. */
export function registrationsCsv(table: RegistrationTable): string {
  return `\uFEFF${toCsv([table.headers, ...table.rows])}`;
}

/**
 * The table as an .xlsx workbook: a bold, frozen header row and columns as wide as their text
 * (within reason). Every cell is a plain value — a string someone typed is never a formula.
 */
export async function registrationsXlsx(table: RegistrationTable): Promise<Buffer> {
  // Loaded on the first spreadsheet: exceljs takes ~0.2 s to load, which every start-up paid.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Registrations', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? ''));
  // CJK characters take about two columns' width.
  const width = (value: CsvValue) => [...String(value ?? '')].reduce((sum, ch) => sum + (/[\u2E80-\uFFFF]/.test(ch) ? 2 : 1), 0);
  table.headers.forEach((header, i) => {
    sheet.getColumn(i + 1).width = Math.min(50, Math.max(10, width(header), ...table.rows.map((row) => width(row[i]))) + 2);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

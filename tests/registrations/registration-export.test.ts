import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

/** A CSV document read back: RFC 4180 quoting, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === ',' || (ch === '\r' && text[i + 1] === '\n'))) {
      rows.at(-1)!.push(cell);
      cell = '';
      if (ch === '\r') {
        rows.push([]);
        i++;
      }
    } else {
      cell += ch;
    }
  }
  return rows.filter((r) => r.length > 0);
}

describe('registration exports', () => {
  it('downloads every registration as CSV and XLSX with a column per question, formula-safe, and reads back the same', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1, language: 'en' });
    const questions = [
      { id: 'company', label: { en: 'Company' }, type: 'text', required: false },
      { id: 'topics', label: { en: 'Topics' }, type: 'multi', options: ['AI', 'Hardware'], required: false },
    ];
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { questions } });
    const register = (name: string, email: string, answers: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name, email, answers } });
    await register('=HYPERLINK("http://evil")', 'first@example.org', { company: '+cmd|calc', topics: ['AI', 'Hardware'] });
    await register('Zhang, "Sam"', 'second@example.org', { company: '深潮科技' });
    const ticketed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items[0];
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { registrationId: ticketed.id } });

    const csv = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations.csv`, headers: organizer.auth });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`registrations-${event.id}.csv`);
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['Name', 'Email', 'Mobile number', 'Status', 'Waitlist position', 'Registered at', 'Checked in at', 'Company', 'Topics']);
    expect(rows[1]!.slice(0, 5)).toEqual([`'=HYPERLINK("http://evil")`, 'first@example.org', '', 'checked in', '']);
    expect(rows[1]![6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(rows[1]!.slice(7)).toEqual(["'+cmd|calc", 'AI; Hardware']);
    expect(rows[2]!.slice(0, 5)).toEqual(['Zhang, "Sam"', 'second@example.org', '', 'waitlisted', '1']);
    expect(rows[2]![7]).toBe('深潮科技');

    const xlsx = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations.xlsx`, headers: organizer.auth });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://evil")'); // a string, not a formula
    expect(sheet.getRow(2).getCell(1).formula).toBeUndefined();
    expect(sheet.getRow(3).getCell(8).value).toBe('深潮科技');
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);

    // From the organizer's event page, in the visitor's language.
    const page = browser(t.app).as(organizer.member.id);
    expect((await page.get(`/my/events/${event.id}`)).body).toContain(`href="/my/events/${event.id}/registrations.xlsx"`);
    const zh = await page.get(`/my/events/${event.id}/registrations.csv`, { 'accept-language': 'zh-CN' });
    expect(parseCsv(zh.body.replace(/^\uFEFF/, ''))[0]!.slice(0, 2)).toEqual(['姓名', '邮箱']);
    // Nobody else's.
    const stranger = (await seedPublishedEvent(t.app)).organizer;
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations.csv`, headers: stranger.auth })).statusCode).toBe(403);
  });
});

import { parse } from 'csv-parse/sync';
import { centreNames } from './catalogue-dal.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { upsertCategory, writeItem, type ItemInput } from './catalogue.js';

/** The columns of a catalogue file, in the README's words (one row per service). */
export const CATALOGUE_COLUMNS = [
  'category_code', 'category_en', 'category_zh',
  'item_code', 'item_en', 'item_zh',
  'description_en', 'description_zh', 'bring_en', 'bring_zh',
  'duration_minutes', 'seats_per_slot', 'centres',
] as const;

/** A catalogue file refused: every bad row with its line number; nothing was imported. */
export class CatalogueImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`The catalogue was not imported:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const CODE = /^[a-z0-9-]{1,40}$/;

/**
 * Loads a whole catalogue from CSV (UTF-8, a header row naming the columns above; `centres` is
 * `*` for every centre or centre ids or exact names separated by `;`). Every row is checked first;
 * one bad row and nothing is imported (the error lists each, by line). Rows add or replace by code.
 */
export function importCatalogue({ db }: OwnDbDeps, csv: string): { categories: number; items: number } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (error) {
    throw new CatalogueImportError([(error as Error).message]);
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = CATALOGUE_COLUMNS.filter((c) => !header.includes(c));
  if (records.length === 0) throw new CatalogueImportError(['the file has no rows']);
  if (missing.length) throw new CatalogueImportError([`line 1: missing columns ${missing.join(', ')}`]);
  const centres = centreNames(db);
  const problems: string[] = [];
  const categories = new Map<string, { en?: string; 'zh-CN'?: string }>();
  const items: ItemInput[] = [];
  for (const { record: r, info } of records) {
    const line = `line ${info.lines}`;
    const wrong = (what: string) => problems.push(`${line}: ${what}`);
    if (!CODE.test(r.category_code ?? '')) wrong(`category_code "${r.category_code}" must be 1–40 lowercase letters, digits or dashes`);
    if (!CODE.test(r.item_code ?? '')) wrong(`item_code "${r.item_code}" must be 1–40 lowercase letters, digits or dashes`);
    if (!r.item_en && !r.item_zh) wrong('the service needs a name (item_en or item_zh)');
    const duration = Number(r.duration_minutes);
    if (!Number.isInteger(duration) || duration < 5 || duration > 480) wrong(`duration_minutes "${r.duration_minutes}" must be a whole number from 5 to 480`);
    const seats = Number(r.seats_per_slot);
    if (!Number.isInteger(seats) || seats < 1 || seats > 100) wrong(`seats_per_slot "${r.seats_per_slot}" must be a whole number from 1 to 100`);
    const named = (r.centres ?? '').split(';').map((c) => c.trim()).filter(Boolean);
    const centreIds = named.includes('*') ? centres.map((c) => c.id) : named.map((c) => centres.find((k) => String(k.id) === c || k.name === c)?.id ?? (wrong(`no centre "${c}"`), 0));
    if (items.some((i) => i.code === r.item_code)) wrong(`item_code "${r.item_code}" appears twice`);
    categories.set(r.category_code!, { ...(r.category_en ? { en: r.category_en } : {}), ...(r.category_zh ? { 'zh-CN': r.category_zh } : {}) });
    items.push({
      code: r.item_code!,
      categoryCode: r.category_code!,
      name: { ...(r.item_en ? { en: r.item_en } : {}), ...(r.item_zh ? { 'zh-CN': r.item_zh } : {}) },
      description: { ...(r.description_en ? { en: r.description_en } : {}), ...(r.description_zh ? { 'zh-CN': r.description_zh } : {}) },
      bring: { ...(r.bring_en ? { en: r.bring_en } : {}), ...(r.bring_zh ? { 'zh-CN': r.bring_zh } : {}) },
      durationMinutes: duration,
      seatsPerSlot: seats,
      centreIds: centreIds.filter((id) => id > 0),
    });
  }
  if (problems.length) throw new CatalogueImportError(problems);
  db.transaction((tx) => {
    [...categories].forEach(([code, name], position) => upsertCategory({ db: tx }, code, name, position));
    for (const item of items) writeItem(tx, item);
  });
  return { categories: categories.size, items: items.length };
}

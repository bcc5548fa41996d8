import { settingsOf } from './config-schema.js';

const code = (text: string) => `\`${text}\``;

/** The README's configuration table, made from ConfigSchema (`npm run docs:config` writes it in). */
export function configTable(): string {
  const rows = settingsOf().map(({ schema }) => {
    const fallback = schema.defaultText ?? (schema.default !== undefined ? code(String(schema.default)) : 'unset');
    return `| ${code(schema.env)} | ${fallback} | ${schema.description} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

export const TABLE_START = '<!-- configuration table: generated from src/config/config-schema.ts by `npm run docs:config` -->';
export const TABLE_END = '<!-- end of configuration table -->';

/** The README with its configuration table replaced by the current one. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no configuration table markers (${TABLE_START} … ${TABLE_END}).`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${configTable()}\n${readme.slice(end)}`;
}

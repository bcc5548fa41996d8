import type { Db } from '../../src/db/database.js';

/**
 * Every place in the database still holding one of `needles` (case-insensitive): "table.column"
 * for each text column of each table where some row contains it. What an erasure must leave empty.
 */
export function everyTextHolding(db: Db, needles: string[]): string[] {
  const client = db.$client;
  const tables = client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as Array<{ name: string }>;
  const found: string[] = [];
  for (const { name } of tables) {
    const columns = client.prepare(`select name, type from pragma_table_info(?)`).all(name) as Array<{ name: string; type: string }>;
    for (const column of columns.filter((c) => c.type.toLowerCase() === 'text')) {
      for (const needle of needles) {
        const hit = client.prepare(`select 1 from "${name}" where instr(lower("${column.name}"), lower(?)) > 0 limit 1`).get(needle);
        if (hit) found.push(`${name}.${column.name} holds "${needle}"`);
      }
    }
  }
  return found;
}

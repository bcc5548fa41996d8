// `npm run lint`: only data-access files query the database. drizzle-orm may be imported by
// `*-dal.ts`, `src/db/` and `src/queue/outbox/` (the outbox markers every source shares); a file
// elsewhere that queries is on the list below, still to move its queries into its capability's
// `*-dal.ts` (issue #35). The list only shrinks: a new file querying fails, and so does one on
// the list that no longer does (take it off). `--list` prints the files still to move.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const STILL_TO_MOVE = new Set([
]);

const allowed = (file) => file.endsWith('-dal.ts') || file.startsWith('src/db/') || file.startsWith('src/queue/outbox/');

function sources(dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

const querying = ['src', 'jobs'].flatMap(sources).filter((file) => /from 'drizzle-orm/.test(fs.readFileSync(path.join(root, file), 'utf8')));
const outside = querying.filter((file) => !allowed(file));
const fresh = outside.filter((file) => !STILL_TO_MOVE.has(file));
const done = [...STILL_TO_MOVE].filter((file) => !outside.includes(file));

if (process.argv.includes('--list')) for (const file of outside) console.log(file);
if (fresh.length === 0 && done.length === 0) {
  console.log(`query places: ${querying.length - outside.length} data-access files query the database; ${outside.length} other files still to move their queries (scripts/query-places.mjs)`);
} else {
  if (fresh.length > 0) console.error(`Only data-access files query the database: move the queries of ${fresh.join(', ')} into its capability's *-dal.ts (drizzle-orm is for *-dal.ts, src/db/ and src/queue/outbox/).`);
  if (done.length > 0) console.error(`No longer querying (well done): take ${done.map((file) => `'${file}'`).join(', ')} off STILL_TO_MOVE in scripts/query-places.mjs.`);
  process.exitCode = 1;
}

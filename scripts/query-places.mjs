// `npm run lint`: the database is read and written through each capability's data access.
//  1. drizzle-orm is imported only by `*-dal.ts`, `src/db/` and `src/queue/outbox/` (the outbox
//     markers every source shares): nothing else builds a query.
//  2. A schema table is imported as a value only there too, and by outbox sources (`*-jobs.ts`,
//     `*-outbox.ts`), which name the table and columns the relay marks; elsewhere tables are types.
//  3. A capability uses another's data through that capability's service, never its `*-dal.ts`
//     (a type from it is fine): its rules stay in one place.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const dataAccess = (file) => file.endsWith('-dal.ts') || file.startsWith('src/db/') || file.startsWith('src/queue/outbox/');
const outboxSource = (file) => file.endsWith('-jobs.ts') || file.endsWith('-outbox.ts');

function sources(dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Each import statement of a file: what it names (without `type` ones) and from where, resolved to a repository path. */
function importsOf(file, text) {
  const found = [];
  for (const match of text.matchAll(/^import\s+(type\s+)?(?:\{([^}]*)\}|[\w*\s,]+?)\s+from\s+'([^']+)';/gm)) {
    const [, typeOnly, names = '', from] = match;
    const values = typeOnly ? [] : names.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
    const target = from.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), from)).replace(/\.js$/, '.ts') : from;
    found.push({ target, values, typeOnly: Boolean(typeOnly) });
  }
  return found;
}

/** The capability folder a file belongs to (src/<capability>/…), if any. */
const capabilityOf = (file) => (file.startsWith('src/') ? file.split('/')[1] : undefined);

const problems = [];
let dalFiles = 0;
for (const file of ['src', 'jobs'].flatMap(sources)) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  if (file.endsWith('-dal.ts')) dalFiles++;
  for (const { target, values, typeOnly } of importsOf(file, text)) {
    if (target.startsWith('drizzle-orm') && !dataAccess(file)) problems.push(`${file} imports drizzle-orm: move its queries into its capability's *-dal.ts`);
    if (target === 'src/db/schema.ts' && !dataAccess(file) && !outboxSource(file)) {
      const tables = values.filter((name) => /^[a-z]/.test(name));
      if (tables.length) problems.push(`${file} imports the table(s) ${tables.join(', ')}: query them in a *-dal.ts (import a table's row type with \`type\`)`);
    }
    if (target.endsWith('-dal.ts') && !typeOnly && values.length && capabilityOf(target) !== capabilityOf(file) && file.startsWith('src/')) {
      problems.push(`${file} imports ${values.join(', ')} from ${target}: use ${capabilityOf(target)}'s service instead of its data access`);
    }
  }
}

if (problems.length === 0) {
  console.log(`data access: ${dalFiles} *-dal.ts files; nothing else queries, and no capability reaches into another's (scripts/query-places.mjs)`);
} else {
  for (const problem of problems) console.error(problem);
  process.exitCode = 1;
}

// `npm run lint` (last step): fails when two folders of src/ and jobs/ import each other, the one
// shape of coupling that makes a newcomer walk back and forth. Folders, not files: madge already
// refuses file cycles. `node scripts/folder-imports.mjs --list` prints every folder-to-folder edge.
import path from 'node:path';
import madge from 'madge';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const graph = await madge(['src', 'jobs'].map((dir) => path.join(root, dir)), {
  baseDir: root,
  fileExtensions: ['ts'],
  tsConfig: path.join(root, 'tsconfig.json'),
  detectiveOptions: { ts: { skipTypeImports: false } },
});

// Pairs that still import each other, to be undone (issue #35). The list only shrinks: a pair
// not on it fails, and so does one on it that is gone (take it off).
const STILL_TO_UNDO = new Set([
  'src/events ⇄ src/registrations',
]);

/** folder → folder → the imports that make the edge ("from → to"). */
const edges = new Map();
for (const [file, imports] of Object.entries(graph.obj())) {
  const from = path.dirname(file);
  for (const target of imports) {
    const to = path.dirname(target);
    if (to === from || !/^(src|jobs)(\/|$)/.test(to)) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const list = edges.get(from).get(to) ?? [];
    list.push(`${file} → ${target}`);
    edges.get(from).set(to, list);
  }
}

if (process.argv.includes('--list')) {
  for (const [from, tos] of [...edges].sort()) for (const [to, list] of [...tos].sort()) console.log(`${from} → ${to} (${list.length})`);
}

const pairs = [];
for (const [a, tos] of edges) for (const [b, there] of tos) if (a < b && edges.get(b)?.has(a)) pairs.push({ a, b, there, back: edges.get(b).get(a) });

const name = ({ a, b }) => `${a} ⇄ ${b}`;
const fresh = pairs.filter((pair) => process.argv.includes('--all') || !STILL_TO_UNDO.has(name(pair)));
const gone = [...STILL_TO_UNDO].filter((known) => !pairs.some((pair) => name(pair) === known));
const edgeCount = [...edges.values()].reduce((n, tos) => n + tos.size, 0);
if (fresh.length === 0 && gone.length === 0) {
  console.log(`folder imports: ${edgeCount} folder-to-folder edges; ${pairs.length} pair(s) importing each other, all on the list still to undo`);
} else {
  if (fresh.length > 0) {
    console.error(`${fresh.length} new pair(s) of folders import each other; one direction must go (move the code to the folder it serves, or below both):`);
    for (const { a, b, there, back } of fresh.sort((x, y) => name(x).localeCompare(name(y)))) {
      console.error(`\n  ${a} ⇄ ${b}`);
      for (const line of [...there, ...back]) console.error(`    ${line}`);
    }
  }
  if (gone.length > 0) console.error(`\nNo longer importing each other (well done): take ${gone.map((g) => `'${g}'`).join(', ')} off STILL_TO_UNDO in scripts/folder-imports.mjs.`);
  process.exitCode = 1;
}

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
const edgeCount = [...edges.values()].reduce((n, tos) => n + tos.size, 0);
if (pairs.length === 0) {
  console.log(`folder imports: ${edgeCount} folder-to-folder edges, no two folders importing each other`);
} else {
  console.error(`${pairs.length} pair(s) of folders import each other; one direction must go (move the code to the folder it serves, or below both):`);
  for (const { a, b, there, back } of pairs.sort((x, y) => name(x).localeCompare(name(y)))) {
    console.error(`\n  ${a} ⇄ ${b}`);
    for (const line of [...there, ...back]) console.error(`    ${line}`);
  }
  process.exitCode = 1;
}

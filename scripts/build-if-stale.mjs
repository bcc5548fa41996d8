// Runs before `npm start`, `npm run worker` and `npm run cli`: compiles to dist/ when any source
// file (or the compiler settings) changed since the last build, so a checkout that was edited, or
// pulled without `npm install`, never runs yesterday's JavaScript. Costs a few ms when fresh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Written last by scripts/bundle.mjs.
const stamp = path.join(root, 'dist', 'bundle', 'meta.json');

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(full));
    else if (/\.(tsx?|cjs)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const sources = Math.max(newestIn(path.join(root, 'src')), newestIn(path.join(root, 'jobs')), ...['tsconfig.json', 'package-lock.json', 'package.json', 'scripts/bundle.mjs'].map((f) => fs.statSync(path.join(root, f)).mtimeMs));
if (sources > built) {
  console.error(built ? 'Sources changed since the last build: bundling to dist/bundle/ …' : 'No build yet: bundling to dist/bundle/ …');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

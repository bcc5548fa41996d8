// Runs before `npm start`, `npm run worker` and `npm run cli`: compiles to dist/ when any source
// file (or the compiler settings) changed since the last build, so a checkout that was edited, or
// pulled without `npm install`, never runs yesterday's JavaScript. Costs a few ms when fresh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(full));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const sources = Math.max(newestIn(path.join(root, 'src')), newestIn(path.join(root, 'jobs')), ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs));
if (sources > built) {
  console.error(built ? 'Sources changed since the last build: compiling to dist/ …' : 'No build yet: compiling to dist/ …');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // tsc leaves the build info untouched when nothing needed emitting; mark this check as done.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}

import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

let built = false;

/** Builds dist/bundle once per bench run (`npm run build`), so the processes started from it run this checkout's code. */
export function ensureDist(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  built = true;
}

/**
 * The node arguments of a package.json script (`"start": "node --flag dist/bundle/server.cjs"` →
 * `['--flag', 'dist/bundle/server.cjs']`), so the bench starts processes exactly as production does.
 */
export function scriptArgs(name: 'start' | 'worker'): string[] {
  const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts[name]!.split(/\s+/);
  if (command !== 'node') throw new Error(`npm run ${name} is not a plain node command: ${scripts[name]}`);
  ensureDist();
  return args;
}

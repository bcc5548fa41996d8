import { execFileSync } from 'node:child_process';
import { packageScriptArgs } from '../../tests/helpers/package-scripts.js';

let built = false;

/** Builds dist/bundle once per bench run (`npm run build`), so the processes started from it run this checkout's code. */
export function ensureDist(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  built = true;
}

/** The node arguments of a package.json script, with dist/bundle built first, so the bench starts processes exactly as production does. */
export function scriptArgs(name: 'start' | 'worker'): string[] {
  ensureDist();
  return packageScriptArgs(name);
}

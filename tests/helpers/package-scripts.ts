import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/util/project-root.js';

/**
 * The node arguments of a package.json script (`"start": "node --flag dist/bundle/server.cjs"` →
 * `['--flag', '/…/dist/bundle/server.cjs']`, paths made absolute), so a test or the bench starts
 * a program exactly as `npm start` does, from any working folder.
 */
export function packageScriptArgs(name: 'start' | 'worker' | 'cli'): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts[name]!.split(/\s+/);
  if (command !== 'node') throw new Error(`npm run ${name} is not a plain node command: ${scripts[name]}`);
  return args.map((arg) => (arg.startsWith('dist/') ? path.join(PROJECT_ROOT, arg) : arg));
}

import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Merges `.env` from the working folder under the real environment: a variable
 * already set in the environment wins, so `FOO=1 npm start` overrides the file.
 */
export function withEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return env;
  const fromFile = parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  return { ...fromFile, ...env };
}

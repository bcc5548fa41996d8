import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * SECRET_KEY signs links and encrypts channel secrets. When it is not configured we
 * generate one into the data folder once, so a fresh `npm start` works and restarts
 * keep issued links valid. Workers on other machines must be given the same value.
 */
export function resolveSecretKey(config: Config, log: (message: string) => void): string {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (a second service start, the CLI) generated it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
  log(`SECRET_KEY is not set: generated a new one into ${file}; give workers the same value.`);
  return key;
}

/** For workers: SECRET_KEY, or the generated one when the worker shares the service's data folder. */
export function existingSecretKey(config: Config): string | undefined {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

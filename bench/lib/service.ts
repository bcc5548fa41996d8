import type { AddressInfo } from 'node:net';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { testEnv } from '../../tests/helpers/test-app.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';

export interface RunningService {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** The real service on a temp SQLite file, listening on an ephemeral port, logging nothing. */
export async function startService(env: Record<string, string | undefined> = {}): Promise<RunningService> {
  const { dir, cleanup } = makeTempDir('bench');
  const config = loadConfig({ ...testEnv(dir), LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As src/server.ts does once it listens; the scenarios start once it has (a service's first
  // quiet second after a start), so no measured request waits for a route's first compilation.
  await app.compileSchemasInBackground();
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      cleanup();
    },
  };
}

import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { withEnvFile } from './config/env-file.js';
import { DatabaseUpgradeError } from './db/migrations.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(withEnvFile());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  let app;
  try {
    app = await buildApp({ config, logger: { level: config.logLevel } });
  } catch (error) {
    // A database newer than this code, or an upgrade rolled back: one sentence, no stack.
    if (error instanceof DatabaseUpgradeError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: stop HTTP, drain jobs, close the database');
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (error) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`API docs at ${config.publicUrl}/docs`);
  void app.compileSchemasInBackground();
}

// Not a top-level await: the bundled server (scripts/bundle.mjs) is a CommonJS program. An error
// that escapes main() still ends the process, with its stack.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run worker`: a stateless sender. It needs Redis and the outside world (SMTP, HTTP),
 * never the database file; every outcome goes back on the `results` queue, which the API
 * process records. Run as many as you like, on any machine that reaches Redis.
 */
import { pino } from 'pino';
import { maskedStream } from '../src/logging/masked-stream.js';
import { ConfigError, loadConfig, type Config } from '../src/config/config.js';
import { withEnvFile } from '../src/config/env-file.js';
import { existingSecretKey } from '../src/config/secret-key.js';
import { BullmqDriver } from '../src/queue/bullmq-driver.js';
import { createMailer } from '../src/mail/mailer.js';
import { serveWorkerMetrics } from '../src/queue/metrics-server.js';
import { registerSenders } from './senders/index.js';

function fail(message: string): never {
  console.error(`Configuration error: ${message}`);
  process.exit(1);
}

let config;
try {
  config = loadConfig(withEnvFile());
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (!config.redisUrl) fail('REDIS_URL must be set for npm run worker (without it, npm start sends everything itself).');
const secretKey = existingSecretKey(config);
if (!secretKey) fail('SECRET_KEY must be set for npm run worker: the same value as the service; it opens channel secrets and signs the links in notices.');

const log = pino({ level: config.logLevel, base: { role: 'worker', pid: process.pid } }, maskedStream());
const mailer = createMailer({ smtpUrl: config.smtpUrl, mailDir: config.mailDir, from: config.mailFrom });
const driver = new BullmqDriver({
  redisUrl: config.redisUrl,
  prefix: config.redisPrefix,
  retry: { attempts: config.jobAttempts, backoffMs: config.jobBackoffMs },
  log,
  lockMs: config.workerLockMs,
});
/** Serves metrics (when asked), starts the senders, and stops them on a signal. */
async function run(config: Config, secretKey: string): Promise<void> {
  const metrics = config.metricsPort === undefined ? undefined : await serveWorkerMetrics(driver, { port: config.metricsPort, host: config.host, token: config.metricsToken });
  registerSenders(driver, { mailer, secretKey, config }, config.workerConcurrency);
  log.info({ concurrency: config.workerConcurrency, smtp: config.smtpUrl ? 'smtp' : `files in ${config.mailDir}`, metricsPort: metrics?.port }, 'worker started');

  let closing = false;
  async function shutdown(signal: string): Promise<void> {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'worker shutting down: finishing running jobs');
    await driver.close();
    await metrics?.close();
    mailer.close();
    log.info('worker stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

// Not a top-level await: the bundled worker (scripts/bundle.mjs) is a CommonJS program.
run(config, secretKey).catch((error: unknown) => {
  log.fatal({ err: error }, 'worker could not start');
  process.exit(1);
});

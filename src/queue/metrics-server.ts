import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { sameSecret } from '../crypto/same-secret.js';
import { jobMetrics } from './job-metrics.js';
import type { QueueDriver } from './queue-driver.js';

/**
 * A worker's /metrics on its own port (METRICS_PORT): Node's own series, its job outcomes and
 * durations, and the queues' depth. With METRICS_TOKEN set, a scrape must send it as its bearer token.
 */
export async function serveWorkerMetrics(driver: QueueDriver, options: { port: number; host: string; token: string | undefined }): Promise<{ port: number; close(): Promise<void> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'chuanglian_' });
  driver.metrics = jobMetrics(registry, () => driver.counts());

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    if (options.token && !sameSecret(options.token, request.headers.authorization?.replace(/^Bearer\s+/i, ''))) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Send METRICS_TOKEN as a bearer token.\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  server.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

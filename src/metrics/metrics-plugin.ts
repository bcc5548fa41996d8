import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram.js';
import { oldestUnsentSeconds } from '../queue/outbox/outbox-age.js';
import { lastGoodBackup } from '../backups/nightly-backups.js';
import { nowMs } from '../time/clock.js';
import { deliveryCounts } from './metrics-dal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's Prometheus registry: /metrics serves it; the jobs plugin adds the queue series. */
    metrics: Registry;
  }
}

/**
 * The API process's metrics (prom-client): Node's own, HTTP request durations by route and
 * status, deliveries by status and target kind, and the outbox's oldest unsent row. Each app
 * has its own registry, so tests can build many apps in one process.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'chuanglian_' });

    const requests = new FastHistogram<'method' | 'route' | 'status_code'>(
      'chuanglian_http_request_duration_seconds',
      'HTTP requests by method, route pattern and status code.',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registry,
    );
    // The route pattern, never the raw URL: ids and tokens would make a series per request.
    const series = new Map<string, (seconds: number) => void>();
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? (request.is404 ? 'unmatched' : 'unknown');
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let observe = series.get(key);
      if (!observe) series.set(key, (observe = requests.seriesOf({ method: request.method, route, status_code: String(reply.statusCode) })));
      observe(reply.elapsedTime / 1000);
      done();
    });

    new Gauge({
      name: 'chuanglian_deliveries',
      help: 'Announcement deliveries by status and target (channel kind, subscriber or registration).',
      labelNames: ['status', 'target'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { status, target, n } of deliveryCounts(app.db)) this.set({ status, target }, n);
      },
    });
    new Gauge({
      name: 'chuanglian_outbox_oldest_unsent_seconds',
      help: 'Seconds the oldest mail, announcement or delivery not yet sent has waited (0 when none waits).',
      registers: [registry],
      collect() {
        this.set(oldestUnsentSeconds(app.db) ?? 0);
      },
    });

    if (app.config.backupDir) {
      // Before the first good backup, the age counts from the start: backups failing from day one still alert.
      const startedAt = nowMs();
      new Gauge({
        name: 'chuanglian_last_backup_age_seconds',
        help: 'Seconds since the last nightly backup that passed its integrity check (before the first: since the service started); only with BACKUP_DIR.',
        registers: [registry],
        collect() {
          const last = lastGoodBackup(app.db);
          this.set(Math.round((nowMs() - (last?.at.getTime() ?? startedAt)) / 1000));
        },
      });
    }

    app.decorate('metrics', registry);
  },
  { name: 'metrics', dependencies: ['database'] },
);

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problems } from '../http/schemas.js';

/** Prometheus text format; for coordinators, or a scraper with METRICS_TOKEN. */
export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/metrics', {
    config: { access: 'metrics' },
    schema: { tags: ['health'], summary: 'Metrics in Prometheus text format', response: problems(401, 403) },
    handler: async (_request, reply) => reply.type(app.metrics.contentType).send(await app.metrics.metrics()),
  });
};

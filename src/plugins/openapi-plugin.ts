import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Swagger UI's files, found through the package itself rather than its own __dirname, so the
 * plugin works the same bundled (dist/bundle, `npm start`) and from node_modules (tests).
 */
const swaggerUiFiles = () => path.join(path.dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');

/** OpenAPI 3.1 generated from the route schemas, served at /openapi.json, with Swagger UI at /docs. */
export const openapiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'chuanglian API',
          version: '1',
          description: 'Venues, bookings, events and announcements for the Wujiaochang 8+2+X entrepreneurship alliance.',
        },
        servers: [{ url: app.config.publicUrl }],
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (cl_…).' } } },
      },
    });

    // Swagger UI registers routes of its own; they are public like the document they show.
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'public' };
      });
      const baseDir = swaggerUiFiles();
      await docs.register(swaggerUi, { routePrefix: '/docs', baseDir, logo: { type: 'image/svg+xml', content: fs.readFileSync(path.join(baseDir, 'logo.svg')) } });
    });

    app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi', dependencies: ['config'] },
);

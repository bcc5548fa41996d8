import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../util/project-root.js';

/**
 * The site's one stylesheet, a static file (src/web/site.css) so the pages' Content-Security-Policy
 * can refuse every inline style. It is served from memory under a name carrying its hash, cached
 * for a year: a changed stylesheet gets a new name, and a weak phone signal loads it once.
 */
const CSS = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'web', 'site.css'));
const HASH = crypto.createHash('sha256').update(CSS).digest('hex').slice(0, 12);

export const STYLESHEET_URL = `/assets/site.${HASH}.css`;

export function stylesheetRoute(app: FastifyInstance): void {
  app.get(STYLESHEET_URL, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(CSS),
  );
}

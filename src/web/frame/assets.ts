import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../util/project-root.js';

/**
 * The site's static files: its one stylesheet (so the pages' Content-Security-Policy can refuse
 * every inline style) and the scan page's scripts, the only ones any page runs. Each is served from
 * memory under a name carrying its hash, cached for a year: a changed file gets a new name, and a
 * weak phone signal loads it once. Nothing comes from a CDN (mainland networks block many).
 */
interface Asset {
  url: string;
  type: string;
  body: Buffer;
}

function asset(name: string, file: string, type: string): Asset {
  const body = fs.readFileSync(file);
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/assets/${name}.${hash}${path.extname(file)}`, type, body };
}

const JS = 'text/javascript; charset=utf-8';
const STYLESHEET = asset('site', path.join(PROJECT_ROOT, 'src', 'web', 'frame', 'site.css'), 'text/css; charset=utf-8');
const SCANNER = asset('scan', path.join(PROJECT_ROOT, 'src', 'web', 'frame', 'browser', 'scan.js'), JS);
/** jsQR, for phones whose browser has no BarcodeDetector (most, outside Chrome on Android). */
const QR_DECODER = asset('jsqr', createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), JS);

export const STYLESHEET_URL = STYLESHEET.url;
/** The stylesheet's text, for a document printed to PDF with everything inside it. */
export const STYLESHEET_TEXT = STYLESHEET.body.toString('utf8');
export const SCANNER_URL = SCANNER.url;
export const QR_DECODER_URL = QR_DECODER.url;

export function assetRoutes(app: FastifyInstance): void {
  for (const { url, type, body } of [STYLESHEET, SCANNER, QR_DECODER]) {
    app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body),
    );
  }
}

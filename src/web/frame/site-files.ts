import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../util/project-root.js';

/**
 * What browsers and crawlers ask every site for: the icon (a tab's, a phone's home screen's) and
 * robots.txt. The icons are PNGs in src/web/frame/icons (the alliance's blue with 创), served from memory.
 * Crawlers may read the public pages; members' pages, the office's, the parks', the counters' and
 * every personal link stay out of search engines (they need a session or a token anyway).
 */
const icon = (size: number) => fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'web', 'frame', 'icons', `icon-${size}.png`));
const FILES: Array<{ url: string; type: string; body: Buffer | string }> = [
  { url: '/favicon.ico', type: 'image/png', body: icon(32) },
  { url: '/apple-touch-icon.png', type: 'image/png', body: icon(180) },
  {
    url: '/robots.txt',
    type: 'text/plain; charset=utf-8',
    body: [
      'User-agent: *',
      ...['/my/', '/office/', '/park/', '/counter', '/home', '/signin', '/privacy/', '/tickets/', '/registrations/', '/invitations/', '/reservations/', '/booking-links/', '/subscription', '/subscribers/', '/feedback/', '/admin/', '/v1/'].map(
        (prefix) => `Disallow: ${prefix}`,
      ),
      'Allow: /',
      '',
    ].join('\n'),
  },
];

export function siteFileRoutes(app: FastifyInstance): void {
  for (const { url, type, body } of FILES) {
    app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=86400').send(body));
  }
}

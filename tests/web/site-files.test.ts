import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { browser } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();
const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('what browsers and crawlers ask every site for', () => {
  it('robots.txt lets crawlers read the public pages and keeps members’ pages and personal links out', async () => {
    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = robots.body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const prefix of ['/my/', '/office/', '/park/', '/counter', '/tickets/', '/reservations/', '/registrations/', '/booking-links/', '/privacy/']) expect(lines).toContain(`Disallow: ${prefix}`);
    expect(lines).toContain('Allow: /');
    expect(lines.some((line) => /^Disallow: \/events/.test(line))).toBe(false);
  });

  it('serves the icon for a tab and for a phone’s home screen, and every page names them', async () => {
    for (const [url, size] of [['/favicon.ico', 32], ['/apple-touch-icon.png', 180]] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const image = PNG.sync.read(res.rawPayload);
      expect([image.width, image.height]).toEqual([size, size]);
    }
    const page = await browser(t.app).get('/');
    expect(page.body).toContain('<link rel="icon" href="/favicon.ico" type="image/png">');
    expect(page.body).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png">');
  });
});

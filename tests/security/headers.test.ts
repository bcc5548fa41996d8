import { afterAll, describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser } from '../helpers/page-browser.js';
import { seedMember, startTestApp, useTestApp, type TestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('security headers', () => {
  it('gives every page a CSP without script or inline code, that its own stylesheet passes, and forbids framing', async () => {
    const { event } = await seedPublishedEvent(t.app);
    const coordinator = browser(t.app).as(seedMember(t.app, 'coordinator').member.id);
    const pages = [
      await browser(t.app).get('/'),
      await browser(t.app).get(`/events/${event.id}`),
      await browser(t.app).get('/signin'),
      await browser(t.app).get('/no/such/page', { accept: 'text/html' }),
      await coordinator.get('/office/report'),
    ];
    for (const res of pages) {
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.body).not.toMatch(/<script|javascript:|\son\w+=|style="|<style/i);
      // The one stylesheet is a file of this site: the CSP admits it and nothing inline.
      expect(csp).toContain("style-src 'self'");
      const sheet = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(res.body)![1]!;
      const css = await t.app.inject({ method: 'GET', url: sheet });
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.headers['cache-control']).toContain('immutable');
      expect(css.body).toContain('font-family');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined(); // http here
    }
    // Pages get helmet's whole set; the API what OWASP asks of an API: nosniff, no framing, and
    // the referrer policy (signed-link pages under /v1 carry a token in their address).
    expect(pages[0]!.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(pages[0]!.headers['x-permitted-cross-domain-policies']).toBe('none');
    for (const url of ['/v1/events', '/healthz', '/v1/no/such/thing']) {
      const api = await t.app.inject({ method: 'GET', url });
      expect(api.headers['x-content-type-options'], url).toBe('nosniff');
      expect(api.headers['x-frame-options'], url).toBe('DENY');
      expect(api.headers['referrer-policy'], url).toBe('same-origin');
      expect(api.headers['cross-origin-opener-policy'], url).toBeUndefined();
    }
  });

  describe('over https', () => {
    let secure: TestApp | undefined;
    afterAll(() => secure?.close());

    it('asks browsers to keep to https (HSTS)', async () => {
      secure = await startTestApp({ PUBLIC_URL: 'https://chuanglian.example' });
      const res = await secure.app.inject({ method: 'GET', url: '/' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('every route declares who may call it', () => {
  it('has an access declaration on every registered route', () => {
    const routes = t.app.routeAccess();
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => route.access === undefined)).toEqual([]);
  });

  it('refuses to start with a route that declares no access', async () => {
    const app = await buildApp({ config: t.config });
    app.get('/v1/forgotten', async () => ({ oops: true }));
    await expect(app.ready()).rejects.toThrow('Routes without an access declaration (config.access): GET /v1/forgotten, HEAD /v1/forgotten.');
    await app.close().catch(() => {});
  });

  it('answers 401 without a token on every non-public route', async () => {
    const guarded = t.app.routeAccess().filter((route) => route.access !== 'public' && route.access !== 'public-or-member' && route.method !== 'HEAD');
    expect(guarded.length).toBeGreaterThan(5);
    for (const route of guarded) {
      const url = route.url.replace(/:(\w+)/g, '1');
      const res = await t.app.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' ? undefined : {} });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
    }
  });
});

import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { settle } from '../helpers/settle.js';
import { useTestApp } from '../helpers/test-app.js';

/** The service compresses text itself, for deployments without nginx in front (#34). */

const t = useTestApp({ POSTERS_AHEAD: 'true' });
const get = (url: string, encoding?: string) => t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en', ...(encoding ? { 'accept-encoding': encoding } : {}) } });

describe('compression in the service', () => {
  it('answers pages in brotli and JSON in gzip when asked, and says it varies by Accept-Encoding', async () => {
    for (let i = 0; i < 4; i++) await seedPublishedEvent(t.app, { title: `Founders' evening ${i}`, summary: 'Talks, questions and tea '.repeat(4) });
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();

    const page = await get('/', 'br');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(String(page.headers.vary)).toMatch(/accept-encoding/i);
    const html = zlib.brotliDecompressSync(page.rawPayload).toString('utf8');
    expect(html).toBe(plain.body);
    expect(page.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);

    const api = await get('/v1/events', 'gzip, deflate');
    expect(api.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(api.rawPayload).toString('utf8')).items).toHaveLength(4);
  });

  it('leaves small answers, pictures and problem answers below the threshold as they are', async () => {
    const health = await get('/healthz', 'br, gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ status: 'ok' });
    const missing = await get('/v1/events/999999', 'gzip');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ status: 404 });

    const { event } = await seedPublishedEvent(t.app, { title: 'A poster' });
    await settle(t.app);
    const poster = await get(`/v1/events/${event.id}/poster.png`, 'br, gzip');
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-encoding']).toBeUndefined();
    expect(poster.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });
});

import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createEvent, seedApprovedBooking, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { eq } from 'drizzle-orm';
import { eventPictures } from '../../src/db/schema.js';
import { settle } from '../helpers/settle.js';
import { startTestApp, useTestApp } from '../helpers/test-app.js';

// As a deployment runs: each published event's pictures are drawn by a job as soon as it is published.
const t = useTestApp({ POSTERS_AHEAD: 'true' });
const jsQR = jsqr.default;

/** The picture's size and what its QR code says, as a phone's camera would read it. */
function read(png: Buffer) {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return { width: image.width, height: image.height, qr: code?.data };
}

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const drawnAt = (eventId: number) => t.app.db.select({ at: eventPictures.drawnAt }).from(eventPictures).where(eq(eventPictures.eventId, eventId)).get()?.at.getTime();

describe('posters and QR codes', () => {
  it('draws a 1080×1920 poster whose QR code leads to the event page in a job, and a request only reads it', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { title: '硬件创业者之夜 <script>alert(1)</script> & “AI” founders', language: 'zh-CN' });
    const url = `http://chuanglian.test/events/${event.id}`;
    // Before the job has run, a request draws nothing: 202, a blank picture, ask again shortly.
    const early = await get(`/v1/events/${event.id}/poster.png`);
    expect(early.statusCode).toBe(202);
    expect(early.headers['retry-after']).toBe('5');
    expect(read(early.rawPayload)).toMatchObject({ width: 1, height: 1 });
    expect(drawnAt(event.id)).toBeUndefined();

    await settle(t.app);
    const poster = await get(`/v1/events/${event.id}/poster.png`);
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect(read(poster.rawPayload)).toEqual({ width: 1080, height: 1920, qr: url });
    const etag = String(poster.headers.etag);
    expect((await get(`/v1/events/${event.id}/poster.png`, { 'if-none-match': etag })).statusCode).toBe(304);
    // The bare address shows whatever is current: five minutes. The versioned one never changes: a year.
    expect(poster.headers['cache-control']).toBe('public, max-age=300');
    const version = etag.replaceAll('"', '');
    const versioned = await get(`/v1/events/${event.id}/poster.png?v=${version}`);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.rawPayload.equals(poster.rawPayload)).toBe(true);
    expect((await get(`/v1/events/${event.id}/poster.png?v=../etc`)).statusCode).toBe(400);
    expect(read((await get(`/v1/events/${event.id}/qr.png`)).rawPayload).qr).toBe(url);
    expect(read((await get(`/v1/events/${event.id}/cover.png`)).rawPayload)).toMatchObject({ width: 900, height: 383 });

    // A change the poster does not show (the body) draws nothing again: same version, same ETag.
    const first = drawnAt(event.id);
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { body: 'More words inside' } });
    await settle(t.app);
    expect(drawnAt(event.id)).toBe(first);
    expect((await get(`/v1/events/${event.id}/poster.png`, { 'if-none-match': etag })).statusCode).toBe(304);

    // A new title is a new version: asked for before the job ran, 202; after it, the new poster.
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { title: 'A new name' } });
    expect((await get(`/v1/events/${event.id}/poster.png`, { 'if-none-match': etag })).statusCode).toBe(202);
    await settle(t.app);
    const changed = await get(`/v1/events/${event.id}/poster.png`, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.rawPayload.equals(poster.rawPayload)).toBe(false);
    // The old version's address now shows the new poster, so it must not be kept for a year.
    const stale = await get(`/v1/events/${event.id}/poster.png?v=${version}`);
    expect(stale.rawPayload.equals(changed.rawPayload)).toBe(true);
    expect(stale.headers['cache-control']).toBe('public, max-age=300');
  });

  it('with POSTERS_AHEAD=false draws an event’s pictures once somebody asks, never in the request', async () => {
    const lazy = await startTestApp({ POSTERS_AHEAD: 'false' });
    try {
      const { event } = await seedPublishedEvent(lazy.app);
      await settle(lazy.app);
      expect(lazy.app.db.select().from(eventPictures).all()).toHaveLength(0);
      for (let i = 0; i < 3; i++) expect((await lazy.app.inject({ method: 'GET', url: `/v1/events/${event.id}/qr.png` })).statusCode).toBe(202);
      expect(lazy.app.db.select().from(eventPictures).all()).toHaveLength(0);
      await settle(lazy.app);
      expect((await lazy.app.inject({ method: 'GET', url: `/v1/events/${event.id}/qr.png` })).statusCode).toBe(200);
    } finally {
      await lazy.close();
    }
  });

  it('has none for a draft or a cancelled event', async () => {
    const { booking, organizer } = await seedApprovedBooking(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { bookingId: booking.id, start: booking.start, end: booking.end })).json();
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${draft.id}/poster.png` })).statusCode).toBe(404);
    const published = await seedPublishedEvent(t.app);
    await t.app.inject({ method: 'POST', url: `/v1/events/${published.event.id}/cancel`, headers: published.organizer.auth, payload: {} });
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${published.event.id}/qr.png` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/events/999999/poster.png' })).statusCode).toBe(404);
  });
});

describe('sharing on the pages', () => {
  it('shows the poster and QR on the event page (and as og:image), and plain text for WeChat groups on the organizer’s page', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { title: 'Demo <b>day</b> & “friends”', summary: 'Ten teams, five minutes each', language: 'en' });
    const page = await browser(t.app).get(`/events/${event.id}`);
    expect(page.body).toContain(`<meta property="og:image" content="http://chuanglian.test/v1/events/${event.id}/poster.png">`);
    expect(page.body).toContain(`<img src="/v1/events/${event.id}/qr.png"`);
    expect(textOf(page)).toContain('press and hold a picture');
    // Once drawn, the pages link the pictures by version (cacheable for a year).
    await settle(t.app);
    const version = String((await get(`/v1/events/${event.id}/poster.png`)).headers.etag).replaceAll('"', '');
    const drawn = await browser(t.app).get(`/events/${event.id}`);
    expect(drawn.body).toContain(`<meta property="og:image" content="http://chuanglian.test/v1/events/${event.id}/poster.png?v=${version}">`);
    expect(drawn.body).toContain(`<img src="/v1/events/${event.id}/poster.png?v=${version}"`);
    expect(drawn.body).toContain(`<img src="/v1/events/${event.id}/qr.png?v=${version}"`);

    const own = await browser(t.app).as(organizer.member.id).get(`/my/events/${event.id}`);
    const box = /<textarea id="wechat-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(own.body)![1]!;
    expect(box).toContain('【Demo &lt;b&gt;day&lt;/b&gt; &amp; “friends”】');
    expect(box.split('\n')).toEqual([expect.stringMatching(/^【/), expect.stringMatching(/^Time: \w{3} \d+ \w{3}, 14:00–18:00$/), expect.stringMatching(/^Place: /), 'Ten teams, five minutes each', 'Register here:', `http://chuanglian.test/events/${event.id}`]);
  });
});

import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createEvent, seedApprovedBooking, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();
const jsQR = jsqr.default;

/** The picture's size and what its QR code says, as a phone's camera would read it. */
function read(png: Buffer) {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return { width: image.width, height: image.height, qr: code?.data };
}

describe('posters and QR codes', () => {
  it('renders a 1080×1920 poster whose QR code leads to the event page, remade only when the event changes', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { title: '硬件创业者之夜 <script>alert(1)</script> & “AI” founders', language: 'zh-CN' });
    const url = `http://chuanglian.test/events/${event.id}`;
    const poster = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/poster.png` });
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect(read(poster.rawPayload)).toEqual({ width: 1080, height: 1920, qr: url });

    const etag = String(poster.headers.etag);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/poster.png`, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { title: 'A new name' } });
    const changed = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/poster.png`, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.rawPayload.equals(poster.rawPayload)).toBe(false);

    const qr = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/qr.png` });
    expect(read(qr.rawPayload).qr).toBe(url);
    const cover = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/cover.png` });
    expect(read(cover.rawPayload)).toMatchObject({ width: 900, height: 383 });
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

    const own = await browser(t.app).as(organizer.member.id).get(`/my/events/${event.id}`);
    const box = /<textarea id="wechat-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(own.body)![1]!;
    expect(box).toContain('【Demo &lt;b&gt;day&lt;/b&gt; &amp; “friends”】');
    expect(box.split('\n')).toEqual([expect.stringMatching(/^【/), expect.stringMatching(/^Time: \w{3} \d+ \w{3}, 14:00–18:00$/), expect.stringMatching(/^Place: /), 'Ten teams, five minutes each', 'Register here:', `http://chuanglian.test/events/${event.id}`]);
  });
});

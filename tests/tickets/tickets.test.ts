import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, useTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();

// jsqr is CommonJS whose module.exports is the function and also carries it as `default`; TypeScript sees the latter.
const jsQR = jsqr.default;

/** What a phone's camera reads from the QR image. */
function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}

async function ticketMail(email: string) {
  return waitFor(() => t.sink.mailTo(email).find((m) => m.attachments.some((a) => a.cid === 'ticket-qr')), `the ticket mail to ${email}`);
}

describe('tickets', () => {
  it('mails a QR ticket that checks its holder in once; a second scan says when the first was', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 10, title: 'Hardware night' });
    await registerFor(t.app, event.id, 'Lin Hua', 'lin@example.org');
    const mail = await ticketMail('lin@example.org');
    const image = mail.attachments.find((a) => a.cid === 'ticket-qr')!;
    expect(image.contentType).toBe('image/png');
    // The HTML shows the attached image inline (mailparser resolves the cid: reference into the image itself).
    expect(mail.html).toMatch(/<img src="(cid:ticket-qr|data:image\/png;base64,[^"]+)"/);
    const scanned = decodeQr(image.content);
    expect(scanned).toMatch(/^http:\/\/chuanglian\.test\/tickets\/[0-9a-z]+-[\w-]{22}$/);
    expect(mail.text).toContain(scanned); // the link in text too, for mail apps that show no images
    // The event is in Chinese, so is its mail: the code for checking in by hand ends its line.
    const code = mail.text!.split('\n').map((line) => /编码签到：([A-Z2-9]{6})$/.exec(line)?.[1]).find(Boolean);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);

    const first = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { ticket: scanned } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ name: 'Lin Hua', status: 'checked_in', alreadyCheckedIn: false });
    const second = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { ticket: ` ${scanned.split('/').at(-1)} ` } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ alreadyCheckedIn: true, checkedInAt: first.json().checkedInAt });

    // The ticket page shows the QR, the code, the name and the status, in either language.
    const page = await browser(t.app).get(new URL(scanned).pathname);
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain('Lin Hua');
    expect(textOf(page)).toContain(code!);
    expect(page.body).toContain('src="data:image/png;base64,');
    const zh = await browser(t.app).get(new URL(scanned).pathname, { 'accept-language': 'zh-CN' });
    expect(textOf(zh)).toContain('入场时请出示此二维码');
  });

  it('refuses a ticket of another event (409 naming it), a forged or mangled one (400), and a seat not held (409 naming the status)', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1, title: 'Small table' });
    const other = await seedPublishedEvent(t.app, { capacity: 5, title: 'Other evening' });
    await registerFor(t.app, other.event.id, 'Guest', 'guest-other@example.org');
    const otherTicket = decodeQr((await ticketMail('guest-other@example.org')).attachments.find((a) => a.cid === 'ticket-qr')!.content);
    const checkin = (ticket: string) => t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { ticket } });

    // The other event is not this organizer's: refused without naming it (nor its id).
    const elsewhere = await checkin(otherTicket);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({ rule: 'other-event', detail: 'This ticket is for another event, not this one.' });
    expect(elsewhere.body).not.toContain('Other evening');
    expect(elsewhere.json().otherEventId).toBeUndefined();
    // A coordinator (who runs every event) is told which.
    const coordinator = seedMember(t.app, 'coordinator');
    const named = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: coordinator.auth, payload: { ticket: otherTicket } });
    expect(named.json()).toMatchObject({ rule: 'other-event', otherEventId: other.event.id, otherEventTitle: 'Other evening' });

    const token = otherTicket.split('/').at(-1)!;
    const forged = `${(parseInt(token.split('-')[0]!, 36) + 1).toString(36)}-${token.split('-')[1]}`;
    for (const bad of [forged, token.slice(0, -1), `${token}x`, 'hello', 'https://example.org/tickets/']) {
      const res = await checkin(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().field, bad).toBe('ticket');
    }

    await registerFor(t.app, event.id, 'Seated', 'seated@example.org');
    await registerFor(t.app, event.id, 'Waiting', 'waiting@example.org');
    const waiting = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations?status=waitlisted`, headers: organizer.auth })).json().items[0];
    const { ticketToken } = await import('../../src/codes/ticket-tokens.js');
    const refused = await checkin(ticketToken(t.app.deps.secretKey, waiting.id));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ rule: 'no-seat', registrationStatus: 'waitlisted' });
  });
});

import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ticketToken } from '../../src/codes/ticket-tokens.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';
import { seedOrganizer } from '../helpers/venue-fixtures.js';

const t = useTestApp();

async function seededDoor(capacity = 5) {
  const seeded = await seedPublishedEvent(t.app, { capacity, title: 'Door night' });
  for (const [name, email] of [['Lin Hua', 'lin@example.org'], ['Zhou Min', 'zhou@example.org'], ['<b>Mallory</b>', 'mallory@example.org']]) {
    expect((await registerFor(t.app, seeded.event.id, name!, email!)).statusCode).toBe(201);
  }
  const people = (await t.app.inject({ method: 'GET', url: `/v1/events/${seeded.event.id}/registrations`, headers: seeded.organizer.auth })).json().items as Array<{ id: number; name: string }>;
  const ticketOf = (name: string) => ticketToken(t.app.deps.secretKey, people.find((p) => p.name === name)!.id);
  return { ...seeded, people, ticketOf };
}

describe('the door list and check-ins sent late', () => {
  it('gives the organizers what a phone needs offline — digests and codes, never tickets, emails or answers', async () => {
    const { event, organizer, ticketOf } = await seededDoor();
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/door-list`, headers: organizer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const list = res.json();
    expect(list.count).toEqual({ checkedIn: 0, seats: 3, capacity: 5 });
    expect(list.event).toMatchObject({ id: event.id, title: 'Door night', timezone: 'Asia/Shanghai' });
    const lin = list.entries.find((e: { name: string }) => e.name === 'Lin Hua');
    const token = ticketOf('Lin Hua');
    expect(lin.ticket).toBe(crypto.createHash('sha256').update(token).digest('hex').slice(0, 16));
    expect(lin.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(res.body).not.toContain('@example.org');
    expect(res.body).not.toContain(token.split('-')[1]);

    const stranger = seedOrganizer(t.app);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/door-list`, headers: stranger.auth })).statusCode).toBe(403);
  });

  it('keeps one check-in per ticket at the earliest scan when a phone sends its queue late', async () => {
    const { event, organizer, ticketOf } = await seededDoor();
    const checkin = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload });
    const ticket = ticketOf('Zhou Min');

    // Phone B, online, scans now; phone A scanned the same ticket 10 minutes ago while offline and sends it now.
    const b = await checkin({ ticket });
    expect(b.json()).toMatchObject({ alreadyCheckedIn: false, status: 'checked_in' });
    const earlier = new Date(Date.parse(b.json().checkedInAt) - 600_000).toISOString();
    const a = await checkin({ ticket, scannedAt: earlier });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ alreadyCheckedIn: true, checkedInAt: earlier });
    // A third scan, later again, changes nothing: the earliest stands.
    const later = await checkin({ ticket, scannedAt: new Date(Date.parse(earlier) + 60_000).toISOString() });
    expect(later.json()).toMatchObject({ alreadyCheckedIn: true, checkedInAt: earlier });
    const attendance = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth })).json();
    expect(attendance.checkedIn).toBe(1);

    // A queued check-in of someone not yet in is recorded at its scan time.
    const queued = new Date(Date.now() - 300_000).toISOString();
    expect((await checkin({ ticket: ticketOf('Lin Hua'), scannedAt: queued })).json()).toMatchObject({ alreadyCheckedIn: false, checkedInAt: queued });

    for (const [payload, field] of [
      [{ ticket: ticketOf('<b>Mallory</b>'), scannedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }, 'scannedAt'],
      [{ ticket: ticketOf('<b>Mallory</b>'), scannedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'scannedAt'],
      [{ ticket: ticketOf('<b>Mallory</b>'), registrationId: 1 }, 'ticket'],
      [{ scannedAt: queued }, 'ticket'],
    ] as const) {
      const res = await checkin(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().field).toBe(field);
    }
  });

  it('serves the scan page with its own scripts only, and answers its check-ins as JSON in the visitor’s language', async () => {
    const { event, organizer, people, ticketOf } = await seededDoor();
    const b = browser(t.app).as(organizer.member.id);
    const page = await b.get(`/my/events/${event.id}/scan`, { 'accept-language': 'zh-CN' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe');
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(page.body).not.toMatch(/<script(?! src="\/assets\/)/);
    const script = await b.get(scripts[0]!);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.headers['cache-control']).toContain('immutable');
    const decoder = /data-decoder="([^"]+)"/.exec(page.body)![1]!;
    expect((await b.get(decoder)).body).toContain('jsQR');
    expect(textOf(page)).toContain('已签到 0 · 已确认 3 · 名额 5');
    // Other pages still run no script at all.
    expect(String((await b.get(`/my/events/${event.id}/door`)).headers['content-security-policy'])).not.toContain('script-src');

    // The script posts the form token the page carries.
    const csrf = /data-csrf="([^"]+)"/.exec(page.body)![1]!;
    const scan = (form: Record<string, string>) => b.post(`/my/events/${event.id}/scan`, { _csrf: csrf, ...form }, false);
    const ok = await scan({ ticket: `http://chuanglian.test/tickets/${ticketOf('Lin Hua')}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, alreadyCheckedIn: false, registration: { name: 'Lin Hua', status: 'checked_in' }, count: { checkedIn: 1, seats: 3 }, message: 'Checked in: Lin Hua' });
    const again = await scan({ registrationId: String(people.find((p) => p.name === 'Lin Hua')!.id) });
    expect(again.json()).toMatchObject({ ok: true, alreadyCheckedIn: true });
    expect(again.json().message).toMatch(/^Lin Hua was already checked in at \d\d:\d\d$/);
    const mangled = await scan({ ticket: 'not-a-ticket' });
    expect(mangled.statusCode).toBe(400);
    expect(mangled.json()).toMatchObject({ ok: false, message: expect.stringContaining('not a ticket of this site') });
    // Without the form token the post is refused like every other form.
    expect((await b.post(`/my/events/${event.id}/scan`, { ticket: ticketOf('Zhou Min') }, false)).statusCode).toBe(403);
  });
});

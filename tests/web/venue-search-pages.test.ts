import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bookings, emails } from '../../src/db/schema.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';
import { seedOrganizer, seedVenue } from '../helpers/venue-fixtures.js';

const t = useTestApp();

const nextMonday = () => DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 });
const hidden = (body: string, name: string) => [...body.matchAll(new RegExp(`name="${name}" value="([^"]*)"`, 'g'))].map((m) => m[1]!.replace(/&#43;/g, '+').replace(/&amp;/g, '&'));

describe('finding a venue across the parks, on pages', () => {
  it('an organizer who knows no one finds rooms for 50 with a projector on weekday evenings and asks the three best at once', async () => {
    const tag = `pages-${Date.now()}`;
    const parks = [await seedVenue(t.app, { capacity: 70, amenities: [tag] }), await seedVenue(t.app, { capacity: 60, amenities: [tag] }), await seedVenue(t.app, { capacity: 90, amenities: [tag] })];
    await seedVenue(t.app, { capacity: 30, amenities: [tag] }); // too small
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    const monday = nextMonday();
    const found = await b.get(`/venues/search?from=${monday.toISODate()}&to=${monday.plus({ days: 4 }).toISODate()}&hours=2&people=50&when=weekdayEvenings&amenities=${tag}`);
    expect(found.statusCode).toBe(200);
    const text = textOf(found);
    expect(text).toContain('3 venues have a free slot');
    // Best fit first: 60, then 70, then 90 seats.
    const order = parks.map((p) => text.indexOf(p.venue.name));
    expect(order[1]).toBeLessThan(order[0]!);
    expect(order[0]).toBeLessThan(order[2]!);
    expect(text).toContain(`${monday.setLocale('en').toFormat('ccc d MMM')}, 18:00–20:00`);

    // "Request these 3 at once" carries the three venues and one shared slot.
    expect(hidden(found.body, 'venueIds').map(Number)).toEqual([parks[1]!.venue.id, parks[0]!.venue.id, parks[2]!.venue.id]);
    const sent = await b.post('/my/bookings/group', { venueIds: hidden(found.body, 'venueIds'), start: hidden(found.body, 'start')[0]!, end: hidden(found.body, 'end')[0]!, expectedAttendance: '50', purpose: 'Founders’ evening' });
    expect(sent.statusCode, sent.body).toBe(303);
    const page = await b.follow(sent);
    expect(textOf(page)).toContain('Request sent');
    expect(textOf(page)).toContain('Sent to several venues at once');
    const group = t.app.db.select().from(bookings).where(eq(bookings.purpose, 'Founders’ evening')).all();
    expect(group.map((r) => r.venueId).sort()).toEqual(parks.map((p) => p.venue.id).sort());

    // The second park approves first; the page shows the other two withdrawn.
    const second = group.find((r) => r.venueId === parks[1]!.venue.id)!;
    expect((await t.app.inject({ method: 'POST', url: `/v1/bookings/${second.id}/approve`, headers: parks[1]!.manager.auth, payload: {} })).statusCode).toBe(200);
    const after = textOf(await b.get(`/my/bookings/${second.id}`));
    expect(after.match(/withdrawn/g)).toHaveLength(2);
    expect(after).toContain('approved');
  });

  it('after a decline, the mail and the request page offer venues free at the same time; one click asks one instead', async () => {
    const tag = `instead-${Date.now()}`;
    const declined = await seedVenue(t.app, { capacity: 40, amenities: [tag] });
    const other = await seedVenue(t.app, { capacity: 45, feePerHour: 0 });
    const organizer = seedOrganizer(t.app);
    const start = nextMonday().plus({ days: 2, hours: 19 });
    const res = await t.app.inject({ method: 'POST', url: '/v1/bookings', headers: organizer.auth, payload: { venueId: declined.venue.id, start: start.toISO(), end: start.plus({ hours: 2 }).toISO(), expectedAttendance: 40, purpose: 'Demo night' } });
    const id = res.json().id as number;
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${id}/decline`, headers: declined.manager.auth, payload: { reason: 'Hall being painted' } });

    const mail = t.app.db.select().from(emails).all().find((m) => m.kind === 'booking-declined' && m.toAddress === organizer.member.email)!;
    expect(mail.text).toContain('These venues are free at the same time and big enough:');
    expect(mail.text).toContain(`/my/bookings/${id}`);
    const api = await t.app.inject({ method: 'GET', url: `/v1/bookings/${id}/alternatives`, headers: organizer.auth });
    expect(api.json().items.length).toBeGreaterThan(0);
    expect(api.json().items.length).toBeLessThanOrEqual(3);
    expect(api.json().items.some((a: { venueId: number }) => a.venueId === declined.venue.id)).toBe(false);
    expect(api.json().items.every((a: { capacity: number }) => a.capacity >= 40)).toBe(true);

    const b = browser(t.app).as(organizer.member.id);
    const page = await b.get(`/my/bookings/${id}`);
    expect(textOf(page)).toContain('Free at the same time instead');
    expect(textOf(page)).toContain('Hall being painted');
    expect(page.body).toContain(`action="/my/bookings/${id}/instead"`);
    const chosen = api.json().items.find((a: { venueId: number }) => a.venueId === other.venue.id) ?? api.json().items[0];
    const asked = await b.post(`/my/bookings/${id}/instead`, { venueId: String(chosen.venueId) });
    expect(asked.statusCode).toBe(303);
    const again = t.app.db.select().from(bookings).where(eq(bookings.purpose, 'Demo night')).all();
    expect(again.map((r) => [r.venueId, r.status])).toEqual([[declined.venue.id, 'declined'], [chosen.venueId, 'pending']]);
    expect(again[1]!.startAt.getTime()).toBe(start.toMillis());
    // Another organization cannot ask on its behalf.
    const stranger = browser(t.app).as(seedOrganizer(t.app).member.id);
    await stranger.get('/venues/search');
    expect((await stranger.post(`/my/bookings/${id}/instead`, { venueId: String(chosen.venueId) })).statusCode).toBe(403);
  });

  it('a request refused for a blackout shows the venues free then, each one button away', async () => {
    const closed = await seedVenue(t.app, { capacity: 30 });
    const open = await seedVenue(t.app, { capacity: 35, name: `Open hall ${Date.now()}` });
    const start = nextMonday().plus({ days: 3, hours: 10 });
    await t.app.inject({ method: 'POST', url: `/v1/venues/${closed.venue.id}/blackouts`, headers: closed.manager.auth, payload: { start: start.toISO(), end: start.plus({ hours: 8 }).toISO(), reason: 'Fire drill' } });
    const b = browser(t.app).as(seedOrganizer(t.app).member.id);
    await b.get('/my/bookings/new');
    const form = { venueId: String(closed.venue.id), date: start.toISODate()!, startTime: '11:00', endTime: '13:00', expectedAttendance: '30', purpose: 'Workshop' };
    const refused = await b.post('/my/bookings', form);
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused)).toContain('Fire drill');
    expect(textOf(refused)).toContain('Free at the same time instead');
    expect(refused.body).toContain(`name="venueId" value="${open.venue.id}"`);
    const asked = await b.post('/my/bookings', { ...form, venueId: String(open.venue.id) });
    expect(asked.statusCode).toBe(303);
    const row = t.app.db.select().from(bookings).where(eq(bookings.venueId, open.venue.id)).get()!;
    expect(row).toMatchObject({ status: 'pending', purpose: 'Workshop', expectedAttendance: 30 });
    expect(row.startAt.getTime()).toBe(start.plus({ hours: 1 }).toMillis());
  });

  it('says when nothing is free and links the nearest changes; refuses a bad search on the page itself', async () => {
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    await seedVenue(t.app, { capacity: 500 });
    const monday = nextMonday();
    const none = await b.get(`/venues/search?from=${monday.toISODate()}&to=${monday.plus({ days: 2 }).toISODate()}&hours=2&people=99999`);
    expect(textOf(none)).toContain('Nothing is free for all of that.');
    const link = /<a href="(\/venues\/search\?[^"]+)">room for (\d+) people/.exec(none.body)!;
    expect(Number(link[2])).toBeGreaterThanOrEqual(500);
    const followed = await b.get(link[1]!.replace(/&amp;/g, '&'));
    expect(textOf(followed)).toMatch(/\d+ venues have a free slot/);

    const bad = await b.get(`/venues/search?from=${monday.toISODate()}&to=${monday.minus({ days: 3 }).toISODate()}&hours=2&people=10`);
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('The end must come after the start.');
    expect(bad.body).toContain('name="people"');
  });
});

describe('the public directory of parks and venues', () => {
  it('lists every park and base, and each park’s venues with opening hours in words, in both languages', async () => {
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: '09:00', close: '18:00' }]]));
    const { park, venue } = await seedVenue(t.app, { name: 'Innovation Hall <b>', capacity: 120, feePerHour: 200, amenities: ['projector'], address: 'Songhu Rd 100', openingHours: { ...weekdays, sat: [{ open: '10:00', close: '16:00' }] } });
    const visitor = browser(t.app);
    const parks = await visitor.get('/parks');
    expect(parks.statusCode).toBe(200);
    expect(parks.body).toContain(`href="/parks/${park.id}"`);
    expect(textOf(parks)).toContain('Hi-tech park');
    const page = await visitor.get(`/parks/${park.id}`);
    expect(page.body).toContain('Innovation Hall &lt;b&gt;'); // escaped, shown as typed
    expect(page.body).not.toContain('Innovation Hall <b>');
    expect(textOf(page)).toContain('Mon–Fri 09:00–18:00; Sat 10:00–16:00; Sun closed');
    expect(textOf(page)).toContain('200 yuan/h');
    expect(textOf(page)).toContain('Songhu Rd 100');
    const zh = await visitor.get(`/parks/${park.id}`, { 'accept-language': 'zh-CN' });
    expect(textOf(zh)).toContain('周一至周五 09:00–18:00；周六 10:00–16:00；周日不开放');
    expect((await visitor.get(`/parks/${venue.id + 100000}`)).statusCode).toBe(404);
    const organizer = seedOrganizer(t.app);
    expect((await visitor.get(`/parks/${organizer.organization.id}`)).statusCode).toBe(404); // not a park
  });
});

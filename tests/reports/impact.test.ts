import { eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookings, deliveries, events, organizations, registrations } from '../../src/db/schema.js';
import { createEvent, registerFor } from '../helpers/event-fixtures.js';
import { seedConfirmedSubscribers } from '../helpers/subscriber-fixtures.js';
import { browser } from '../helpers/page-browser.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestApp();
const DAY_MS = 24 * 3600_000;

/**
 * Park P (fee 200/h, open 08:00–22:00) hosted one event of organization A, ten days ago, four
 * hours booked; three people registered, one checked in; one subscriber was told. Park Q (fee
 * 100/h) was open and unused.
 */
let world: Awaited<ReturnType<typeof arrange>>;
async function arrange() {
  const p = await seedVenue(t.app, { feePerHour: 200 });
  const q = await seedVenue(t.app, { feePerHour: 100 });
  const a = seedOrganizer(t.app);
  // A name with a comma and a quote, for the CSV.
  t.app.db.update(organizations).set({ name: 'Founders, "Inc"' }).where(eq(organizations.id, a.organization.id)).run();
  seedConfirmedSubscribers(t.app.db, 1, 'impact');
  const times = slot(3, '14:00', '18:00');
  const booking = (await requestBooking(t.app, a.auth, { venueId: p.venue.id, ...times })).json();
  await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/approve`, headers: p.manager.auth, payload: { version: booking.version } });
  const event = (await createEvent(t.app, a.auth, { bookingId: booking.id, ...times, capacity: 10 })).json();
  await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/publish`, headers: a.auth });
  for (const n of [1, 2, 3]) await registerFor(t.app, event.id, `Guest ${n}`, `guest${n}@impact.example`);
  await waitFor(() => t.app.db.select().from(registrations).all().length === 3, 'registrations');
  await waitFor(() => t.app.db.select().from(deliveries).all().some((d) => d.status === 'sent'), 'the subscriber told');
  // What happened later, moved into the past: the event took place ten days ago and one guest came.
  const shift = (at: Date) => new Date(at.getTime() - 13 * DAY_MS);
  const b = t.app.db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!;
  t.app.db.update(bookings).set({ startAt: shift(b.startAt), endAt: shift(b.endAt) }).where(eq(bookings.id, booking.id)).run();
  const e = t.app.db.select().from(events).where(eq(events.id, event.id)).get()!;
  t.app.db.update(events).set({ startAt: shift(e.startAt), endAt: shift(e.endAt), status: 'completed' }).where(eq(events.id, event.id)).run();
  const first = t.app.db.select().from(registrations).where(eq(registrations.eventId, event.id)).all()[0]!;
  t.app.db.update(registrations).set({ status: 'checked_in' }).where(inArray(registrations.id, [first.id])).run();
  return { p, q, a, eventStart: shift(e.startAt) };
}

beforeAll(async () => {
  world = await arrange();
});

const report = async (query: string, auth = seedMember(t.app, 'coordinator').auth) => t.app.inject({ method: 'GET', url: `/v1/reports/impact?${query}`, headers: auth });
const today = () => DateTime.now().setZone('Asia/Shanghai').toISODate()!;
const daysAgo = (n: number) => DateTime.now().setZone('Asia/Shanghai').minus({ days: n }).toISODate()!;

describe('impact report', () => {
  it('counts events held, seats, check-ins, no-shows, reach, hours, utilization and value by park', async () => {
    const res = await report(`from=${daysAgo(30)}&to=${today()}&groupBy=park`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: daysAgo(30), to: today(), zone: 'Asia/Shanghai', groupBy: 'park', park: null });
    const rowOf = (id: number) => body.rows.find((r: { key: string }) => r.key === String(id));
    // 31 days open 14 hours a day.
    expect(rowOf(world.p.park.id)).toEqual({
      key: String(world.p.park.id),
      label: world.p.park.name,
      eventsHeld: 1,
      registrations: 3,
      checkIns: 1,
      noShowRate: 0.6667,
      noticesDelivered: 1,
      channelPosts: 0,
      hoursBooked: 4,
      openingHours: 434,
      utilization: Math.round((4 / 434) * 10_000) / 10_000,
      venueValue: 800,
      // One attendee checked in; nobody has answered the survey (tests/feedback counts answers).
      feedbackResponses: 0,
      feedbackResponseRate: 0,
      meanRating: null,
    });
    expect(rowOf(world.q.park.id)).toMatchObject({ eventsHeld: 0, hoursBooked: 0, openingHours: 434, utilization: 0, venueValue: 0, noShowRate: null });
    expect(body.totals).toMatchObject({ eventsHeld: 1, registrations: 3, hoursBooked: 4, venueValue: 800 });
  });

  it('groups by organization (no opening hours there) and by month', async () => {
    const byOrganization = (await report(`from=${daysAgo(30)}&to=${today()}&groupBy=organization`)).json();
    const a = byOrganization.rows.find((r: { key: string }) => r.key === String(world.a.organization.id));
    expect(a).toMatchObject({ label: 'Founders, "Inc"', eventsHeld: 1, hoursBooked: 4, openingHours: null, utilization: null, venueValue: 800 });

    const byMonth = (await report(`from=${daysAgo(30)}&to=${today()}&groupBy=month`)).json();
    const month = DateTime.fromJSDate(world.eventStart, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM');
    expect(byMonth.rows.map((r: { key: string }) => r.key)).toEqual([...byMonth.rows.map((r: { key: string }) => r.key)].sort());
    expect(byMonth.rows.find((r: { key: string }) => r.key === month)).toMatchObject({ eventsHeld: 1, hoursBooked: 4 });
    // The months' opening hours add up to the window's.
    expect(byMonth.totals.openingHours).toBeGreaterThanOrEqual(2 * 434);
  });

  it('shows a park manager their own park only', async () => {
    const body = (await report(`from=${daysAgo(30)}&to=${today()}`, world.q.manager.auth)).json();
    expect(body.park).toBe(world.q.park.id);
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual([String(world.q.park.id)]);
    expect(body.totals).toMatchObject({ eventsHeld: 0, noticesDelivered: 0 });
  });

  it('keeps opening hours in the venue’s local time across a DST change', async () => {
    // Berlin moved to summer time on 29 March 2026; open 09:00–17:00 every day is still 8 hours a day.
    const berlin = await seedVenue(t.app, { timezone: 'Europe/Berlin', openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '17:00' }]])) });
    const body = (await report('from=2026-03-01&to=2026-03-31&groupBy=park', berlin.manager.auth)).json();
    expect(body.rows[0]).toMatchObject({ openingHours: 31 * 8, hoursBooked: 0 });
  });

  it('downloads as CSV', async () => {
    const res = await report(`from=${daysAgo(30)}&to=${today()}&groupBy=organization&format=csv`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="impact-organization-${daysAgo(30)}-${today()}.csv"`);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('key,label,eventsHeld,registrations,checkIns,noShowRate,noticesDelivered,channelPosts,hoursBooked,openingHours,utilization,venueValue,feedbackResponses,feedbackResponseRate,meanRating');
    expect(lines).toContain(`${world.a.organization.id},"Founders, ""Inc""",1,3,1,0.6667,1,0,4,,,800,0,0,`);
    expect(lines.at(-1)).toMatch(/^total,Total,1,3,1,/);
    const viaAccept = await t.app.inject({ method: 'GET', url: `/v1/reports/impact?from=${daysAgo(30)}&to=${today()}`, headers: { ...seedMember(t.app, 'coordinator').auth, accept: 'text/csv' } });
    expect(viaAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('refuses bad windows with a 400 naming the field, and organizers with 403', async () => {
    expect((await report('from=2026-05-01&to=2026-04-01')).json()).toMatchObject({ status: 400, field: 'from' });
    expect((await report('from=2020-01-01&to=2026-01-01')).json()).toMatchObject({ status: 400, field: 'to' });
    expect((await report('from=yesterday')).json()).toMatchObject({ status: 400 });
    expect((await report('groupBy=venue')).json()).toMatchObject({ status: 400 });
    expect((await report('', world.a.auth)).statusCode).toBe(403);
  });
});

describe('the impact report page', () => {
  it('shows the coordinator the headline figures, one chart per measure and the same figures per park, and downloads the same CSV', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const b = browser(t.app).as(coordinator.member.id);
    const query = `from=${daysAgo(30)}&to=${today()}&groupBy=park`;
    const page = await b.get(`/office/report?${query}`);
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr><td>${world.p.park.name}</td>((?:<td data-label="[^"]+">[^<]*</td>)+)</tr>`).exec(page.body)![1]!;
    expect([...row.matchAll(/>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['1', '3', '1', '66.7%', '1', '0', '4', expect.stringMatching(/%$/), '800', '0%', '—']);
    // Headline figures first, then a chart per measure: the park's registrations as a labelled bar.
    expect(page.body.indexOf('<dl class="figures">')).toBeLessThan(page.body.indexOf('<figure class="measure">'));
    const registrationsChart = /<figure class="measure"><figcaption>Registrations<\/figcaption>([\s\S]*?)<\/figure>/.exec(page.body)![1]!;
    expect(registrationsChart).toContain(`<span class="bar-label">${world.p.park.name}</span><span class="bar-value">3</span>`);
    // Park Q held nothing: named once under the chart, not drawn as an empty bar.
    expect(registrationsChart).not.toContain(`<span class="bar-label">${world.q.park.name}</span>`);
    expect(registrationsChart).toMatch(new RegExp(`<p class="muted">None: [^<]*${world.q.park.name}`));
    const link = /href="(\/office\/report\.csv\?[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const csv = await b.get(link);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const api = await report(`${query}&format=csv`, coordinator.auth);
    // The download people open in Excel: a UTF-8 BOM and headings in their language, then the same lines as the API's.
    expect(csv.body.startsWith('\uFEFFKey,Name,Events held,Registrations,')).toBe(true);
    expect(csv.body.split('\r\n').slice(1, -2)).toEqual(api.body.split('\r\n').slice(1, -2));
    const zh = await b.get(link, { 'accept-language': 'zh-CN' });
    expect(zh.body.startsWith('\uFEFF编号,名称,举办活动,报名,签到,缺席率,')).toBe(true);
    expect(zh.body).toContain('\r\ntotal,合计,');
  });

  it('shows a park manager only their park', async () => {
    const page = await browser(t.app).as(world.p.manager.member.id).get(`/office/report?from=${daysAgo(30)}&to=${today()}`);
    expect(page.body).toContain(`<td>${world.p.park.name}</td>`);
    expect(page.body).not.toContain(world.q.park.name);
  });

  it('by month, names months in words and folds the months with nothing held into one line', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const page = await browser(t.app).as(coordinator.member.id).get(`/office/report?from=${daysAgo(300)}&to=${today()}&groupBy=month&lang=zh-CN`);
    expect(page.statusCode).toBe(200);
    const held = DateTime.fromJSDate(world.eventStart).setZone('Asia/Shanghai');
    expect(page.body).toContain(`<td>${held.toFormat('yyyy年M月')}</td>`);
    // The venues were open every month, but only the event's month had anything: the earlier months are one line.
    const quietRows = [...page.body.matchAll(/<tr class="quiet"><td><span class="muted">([^<]+)<\/span><\/td><\/tr>/g)].map((m) => m[1]);
    expect(quietRows.length).toBeGreaterThan(0);
    expect(quietRows[0]).toMatch(/^\d{4}年\d{1,2}月 – \d{4}年\d{1,2}月：无活动$/);
    expect(page.body).not.toMatch(/<td>\d{4}-\d{2}<\/td>/);
  });
});

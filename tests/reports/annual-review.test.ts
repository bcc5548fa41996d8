import { confirmedOrThrow, reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrations } from '../../src/db/schema.js';
import { answerSurvey } from '../../src/feedback/feedback-service.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { testClock } from '../../src/time/clock.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { seedMember, seedMemberIn, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, seedVenue } from '../helpers/venue-fixtures.js';

/**
 * A year of an alliance's activity, made through the API with the clock moved through it: the
 * review's figures for each organization are the ones that activity implies, they agree with the
 * impact report of the same year both ways, and each stands next to the year before.
 */
let t: TestApp;
const Y = DateTime.now().setZone('Asia/Shanghai').year - 1;
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Shanghai' });
/** The first Tuesday of a month of a year: a working day, inside the venues' default opening hours. */
const tuesday = (year: number, month: number) => {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'Asia/Shanghai' });
  return first.plus({ days: (9 - first.weekday) % 7 }).toISODate()!;
};

let world: Awaited<ReturnType<typeof buildYear>>;

async function buildYear(app: TestApp['app']) {
  const call = (auth: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) }).then((res) => {
      if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
      return res.statusCode === 204 ? null : res.json();
    });
  const coordinator = seedMember(app, 'coordinator');
  const { venue, manager, park } = await seedVenue(app, { feePerHour: 300 });
  const a = seedMember(app, 'organizer', 'incubator');
  const b = createOrganization(app.deps, { name: 'Co-organizing club', kind: 'grassroots' });
  const stranger = seedMember(app, 'organizer');
  // The park's own people run events in its own venue too.
  const parkOrganizer = seedMemberIn(app, park, 'organizer');

  /** A booking approved and an event published on it, from 14:00 to 16:00 on `date`. */
  async function event(who: { auth: Record<string, string> }, date: string, extra: Record<string, unknown> = {}) {
    const slot = { start: at(date, '14:00').toISO()!, end: at(date, '16:00').toISO()! };
    const requested = await requestBooking(app, who.auth, { venueId: venue.id, ...slot });
    if (requested.statusCode !== 201) throw new Error(`booking answered ${requested.statusCode}: ${requested.body}`);
    const booking = requested.json();
    if (booking.status !== 'approved') await call(manager.auth, 'POST', `/v1/bookings/${booking.id}/approve`, {});
    const made = await call(who.auth, 'POST', '/v1/events', { title: `Event on ${date}`, capacity: 30, bookingId: booking.id, ...slot, language: 'en', ...extra });
    await call(who.auth, 'POST', `/v1/events/${made.id}/publish`);
    return made.id as number;
  }
  const register = (eventId: number, email: string, answers?: object) => call({}, 'POST', `/v1/events/${eventId}/registrations`, { name: email.split('@')[0], email, ...(answers ? { answers } : {}) });
  const checkIn = (who: { auth: Record<string, string> }, eventId: number, email: string) => call(who.auth, 'POST', `/v1/events/${eventId}/checkins`, { email });

  // The year before: one event of A's, two seats, one came.
  testClock.set(at(`${Y - 1}-11-01`, '09:00').toMillis());
  const before = await event(a, tuesday(Y - 1, 12));
  await register(before, 'old1@example.org');
  await register(before, 'old2@example.org');
  testClock.set(at(tuesday(Y - 1, 12), '14:30').toMillis());
  await checkIn(a, before, 'old1@example.org');

  // The year: A's event with B co-organizing and the country question; the park's own; a cancelled one.
  testClock.set(at(`${Y}-02-01`, '09:00').toMillis());
  const country = { id: 'country', label: { en: 'Country or region' }, type: 'country', required: false };
  const joint = await event(a, tuesday(Y, 3), { coOrganizerIds: [b.id], questions: [country] });
  // The club is credited once one of its members accepts.
  await call(seedMemberIn(app, b, 'organizer').auth, 'POST', `/v1/events/${joint}/co-organizers/accept`);
  for (const [email, code] of [['li@example.org', 'CN'], ['anna@example.org', 'DE'], ['sam@example.org', 'US'], ['wu@example.org', undefined]] as const) {
    await register(joint, email, code ? { country: code } : undefined);
  }
  const own = await event(parkOrganizer, tuesday(Y, 4));
  await register(own, 'guest@example.org');
  const cancelled = await event(a, tuesday(Y, 5));
  await register(cancelled, 'never@example.org');
  await call(a.auth, 'POST', `/v1/events/${cancelled}/cancel`, { reason: 'Speaker ill' });
  testClock.set(at(tuesday(Y, 3), '14:30').toMillis());
  await checkIn(a, joint, 'li@example.org');
  await checkIn(a, joint, 'anna@example.org');
  testClock.set(at(tuesday(Y, 3), '18:00').toMillis());
  const idOf = (email: string) => app.db.select().from(registrations).all().find((r) => r.email === email)!.id;
  answerSurvey(app.deps, idOf('li@example.org'), { rating: 5, recommend: 9, comment: 'Great' });
  answerSurvey(app.deps, idOf('anna@example.org'), { rating: 4, recommend: null, comment: null });

  // The green channel: one reservation served at the office's centre.
  const centre = await call(coordinator.auth, 'POST', '/v1/service-centres', { name: 'Centre', openingHours: { tue: [{ open: '09:00', close: '12:00' }] } });
  await call(coordinator.auth, 'POST', '/v1/service-categories', { code: 'tax', name: { en: 'Tax' } });
  const service = await call(coordinator.auth, 'POST', '/v1/services', { code: 'invoice', categoryCode: 'tax', name: { en: 'Invoices' }, durationMinutes: 30, seatsPerSlot: 2, centreIds: [centre.id] });
  const day = tuesday(Y, 6);
  testClock.set(at(day, '08:00').minus({ days: 3 }).toMillis());
  await call(coordinator.auth, 'POST', '/v1/calendar/days', { date: day, kind: 'workday', name: 'Open' });
  const reservation = confirmedOrThrow(await reserveConfirmed(app, { serviceId: service.id, centreId: centre.id, start: at(day, '09:00').toISO({ suppressMilliseconds: true }), name: 'Zhou', email: 'zhou@example.org' }));
  testClock.set(at(day, '09:05').toMillis());
  await call(coordinator.auth, 'POST', `/v1/service-centres/${centre.id}/checkins`, { code: reservation.number });
  await call(coordinator.auth, 'POST', `/v1/service-centres/${centre.id}/served`, { reservationId: reservation.id });

  // A's own count of teams for the year.
  await call(coordinator.auth, 'PATCH', `/v1/organizations/${a.organization.id}/profile`, { level: 'municipal', years: [{ year: Y, teamsIncubated: 10, internationalTeams: 4 }] });
  testClock.set(at(`${Y + 1}-01-10`, '09:00').toMillis());
  return { coordinator, a, b, park, manager, stranger, office: coordinator.organization };
}

beforeAll(async () => {
  t = await startTestApp();
  world = await buildYear(t.app);
}, 60_000);
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

const get = (auth: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers: auth });

describe('the annual review', () => {
  it('gives each organization the figures its year implies, next to the year before', async () => {
    const review = (await get(world.coordinator.auth, `/v1/reports/annual?year=${Y}`)).json();
    const of = (id: number) => review.organizations.find((o: { organizationId: number }) => o.organizationId === id);
    expect(of(world.a.organization.id)).toMatchObject({
      level: 'municipal',
      figures: { eventsHeld: 1, eventsCoOrganized: 0, registrations: 4, checkIns: 2, noShowRate: 0.5, meanRating: 4.5, feedbackResponseRate: 1, participantsWithCountry: 3, internationalParticipants: 2, internationalShare: 0.6667, teamsIncubated: 10, internationalTeams: 4, venueHoursProvided: 0 },
      previous: { eventsHeld: 1, registrations: 2, checkIns: 1, noShowRate: 0.5, participantsWithCountry: 0, internationalShare: null, teamsIncubated: null },
      change: { eventsHeld: 0, registrations: 2, checkIns: 1, noShowRate: 0, internationalShare: null },
    });
    expect(of(world.b.id).figures).toMatchObject({ eventsHeld: 0, eventsCoOrganized: 1 });
    // The park's venue hosted A's event for 2 hours (300 yuan an hour); its own event is not "provided".
    expect(of(world.park.id).figures).toMatchObject({ eventsHeld: 1, registrations: 1, checkIns: 0, venueHoursProvided: 2, venueValueProvided: 600 });
    expect(of(world.park.id).previous).toMatchObject({ venueHoursProvided: 2, venueValueProvided: 600 });
    expect(of(world.office.id).figures).toMatchObject({ greenChannelServed: 1 });
    expect(review.centres).toEqual([{ centreId: expect.any(Number), name: 'Centre', served: 1, previous: 0, change: 1 }]);
    expect(review.totals.figures).toMatchObject({ eventsHeld: 2, eventsCoOrganized: 1, registrations: 5, checkIns: 2, greenChannelServed: 1, internationalParticipants: 2, teamsIncubated: 10, venueHoursProvided: 2 });
  });

  it('agrees with the impact report of the same year, both ways', async () => {
    const review = (await get(world.coordinator.auth, `/v1/reports/annual?year=${Y}`)).json();
    const impact = (await get(world.coordinator.auth, `/v1/reports/impact?from=${Y}-01-01&to=${Y}-12-31&groupBy=organization`)).json();
    const shared = ['eventsHeld', 'registrations', 'checkIns', 'noticesDelivered', 'channelPosts', 'meanRating', 'noShowRate', 'feedbackResponseRate'] as const;
    for (const name of shared) expect(review.totals.figures[name], name).toBe(impact.totals[name]);
    for (const row of impact.rows) {
      const org = review.organizations.find((o: { organizationId: number }) => String(o.organizationId) === row.key);
      for (const name of shared) expect(org.figures[name], `${row.label} ${name}`).toBe(row[name]);
    }
    // And the organizations add up to the alliance.
    for (const name of ['eventsHeld', 'eventsCoOrganized', 'registrations', 'checkIns', 'venueHoursProvided', 'greenChannelServed', 'participantsWithCountry'] as const) {
      expect(review.organizations.reduce((n: number, o: { figures: Record<string, number> }) => n + o.figures[name]!, 0), name).toBe(review.totals.figures[name]);
    }
  });

  it('gives every figure as CSV, and a member their own organization’s only', async () => {
    const csv = await get(world.coordinator.auth, `/v1/reports/annual?year=${Y}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('organizationId,organization,figure,value,previous,change');
    expect(lines).toContain(`${world.a.organization.id},${world.a.organization.name},registrations,4,2,2`);
    expect(lines).toContain('total,Alliance,greenChannelServed,1,0,1');
    expect(lines.find((line) => line.startsWith('centre-'))).toMatch(/^centre-\d+,Centre,greenChannelServed,1,0,1$/);

    const own = await get(world.a.auth, `/v1/reports/annual?year=${Y}&organization=${world.a.organization.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ organization: world.a.organization.id, totals: null, centres: [] });
    expect(own.json().organizations).toHaveLength(1);
    expect((await get(world.a.auth, `/v1/reports/annual?year=${Y}`)).statusCode).toBe(403);
    expect((await get(world.stranger.auth, `/v1/reports/annual?year=${Y}&organization=${world.a.organization.id}`)).statusCode).toBe(403);
    expect((await get(world.coordinator.auth, `/v1/reports/annual?year=${Y + 5}`)).json()).toMatchObject({ status: 400, field: 'year' });
    expect((await get(world.coordinator.auth, '/v1/reports/annual?year=twenty')).statusCode).toBe(400);
    expect((await get(world.coordinator.auth, `/v1/reports/annual?year=${Y}&organization=999999`)).statusCode).toBe(404);
    const helper = seedMemberIn(t.app, world.park, 'park_manager');
    expect((await get(helper.auth, `/v1/reports/annual?year=${Y}&organization=${world.park.id}`)).json().organizations[0].figures.venueHoursProvided).toBe(2);
  });

  it('is a document: a page with its charts, a CSV in the reader’s language, a PDF of the same page whose text holds the figures', async () => {
    const office = browser(t.app).as(world.coordinator.member.id);
    const page = await office.get(`/review?year=${Y}`, { 'accept-language': 'zh-CN' });
    expect(page.statusCode).toBe(200);
    expect(textOf(page)).toContain(`${Y} 年度评估报告`);
    // Charts in HTML: labels and values are text at the page's size, this year's bar and the year before's.
    expect(page.body).toContain('<figure class="measure"><figcaption>举办活动</figcaption><p class="bar-legend">');
    expect(page.body).toContain('class="bar-track previous"');
    expect(page.body).toContain(`${world.a.organization.name}`);
    const mine = await browser(t.app).as(world.a.member.id).get(`/review?year=${Y}`);
    expect(textOf(mine)).toContain(`Annual review ${Y}: ${world.a.organization.name}`);
    expect((await browser(t.app).as(world.a.member.id).get(`/review?year=${Y}&organization=${world.park.id}`)).statusCode).toBe(403);

    const csv = await office.get(`/review.csv?year=${Y}`, { 'accept-language': 'zh-CN' });
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body).toContain(`${world.a.organization.id},${world.a.organization.name},报名人数,4,2,2`);

    const pdf = await office.get(`/review?year=${Y}&format=pdf`, { 'accept-language': 'zh-CN' });
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // Kept for people to look at, like the phone pages' screenshots.
    fs.mkdirSync(path.resolve('test-output/review'), { recursive: true });
    fs.writeFileSync(path.resolve('test-output/review/alliance-zh-CN.pdf'), pdf.rawPayload);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(`${Y} 年度评估报告`);
    expect(text).toContain('联盟总体');
    expect(text).toMatch(/报名人数\s+5\s+2/); // the alliance: 5 registrations against 2
    expect(text).toContain(world.a.organization.name);
  }, 60_000);
});

/** The text of a PDF, as poppler's pdftotext extracts it (layout kept, so a table's row stays on one line). */
function pdfText(pdf: Buffer): string {
  const { dir, cleanup } = makeTempDir('review-pdf');
  try {
    const file = path.join(dir, 'review.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    cleanup();
  }
}

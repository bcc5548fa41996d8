import { confirmedOrThrow, reserveConfirmed } from './green-channel-fixtures.js';
import { DateTime } from 'luxon';
import type { App } from '../../src/app.js';
import { registrations } from '../../src/db/schema.js';
import { answerSurvey } from '../../src/feedback/feedback-service.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { testClock } from '../../src/time/clock.js';
import { seedMember, seedMemberIn } from './test-app.js';
import { requestBooking } from './venue-fixtures.js';

type Auth = Record<string, string>;
const ZONE = 'Asia/Shanghai';
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE });
/** The n-th Tuesday (0-based) of a month: a working day inside the venues' default hours. */
const tuesday = (year: number, month: number, n = 0) => {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  return first.plus({ days: ((9 - first.weekday) % 7) + 7 * n }).toISODate()!;
};
const COUNTRIES = ['CN', 'CN', 'CN', 'DE', 'US', 'SG', 'CN', 'KR', 'HK', 'CN'];

/** What the generator made, counted as it made it (independently of any report's code). */
export interface YearMade {
  eventsHeld: number;
  registrations: number;
  checkIns: number;
  withCountry: number;
  international: number;
  feedback: number;
  ratingSum: number;
  served: number;
}

/**
 * A year of an alliance's activity, made through the API with the test clock moved through it
 * (the caller resets the clock): `parks` parks with a venue each, and incubators and grassroots
 * organizations running `eventsEach` events a year at the parks' venues, every other one asking
 * the country question; people register (some from abroad), most come, some answer the survey;
 * and `served` green-channel reservations are served at the office's centre.
 */
export async function generateYear(app: App, options: { year: number; parks: number; incubators: number; grassroots: number; eventsEach: number; seats: number; served: number }) {
  const call = async (auth: Auth, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const { year } = options;
  const made: YearMade = { eventsHeld: 0, registrations: 0, checkIns: 0, withCountry: 0, international: 0, feedback: 0, ratingSum: 0, served: 0 };
  const coordinator = seedMember(app, 'coordinator');
  testClock.set(at(`${year}-01-02`, '09:00').toMillis());

  const parks = [];
  for (let i = 0; i < options.parks; i++) {
    const park = createOrganization(app.deps, { name: `科创园区 ${i + 1}`, kind: 'park' });
    const manager = seedMemberIn(app, park, 'park_manager');
    const venue = await call(manager.auth, 'POST', '/v1/venues', { organizationId: park.id, name: `路演厅 ${i + 1}`, capacity: 100, feePerHour: 200 * (i + 1) });
    parks.push({ park, manager, venue });
  }
  const organizers: Array<{ organization: { id: number; name: string }; auth: Auth }> = [];
  for (const [kind, count, name] of [['incubator', options.incubators, '孵化器'], ['grassroots', options.grassroots, '创业社群']] as const) {
    for (let i = 0; i < count; i++) {
      const organization = createOrganization(app.deps, { name: `${name} ${i + 1}`, kind });
      organizers.push({ organization, auth: seedMemberIn(app, organization, 'organizer').auth });
    }
  }

  // Events: organizer k's e-th event on the k-th Tuesday of month 2 + e, at park (k + e) mod parks.
  // Booked and published at the start of the year; then lived through in date order (the clock only goes forward).
  if (organizers.length > 4) throw new Error('generateYear: at most 4 organizers (one Tuesday of the month each)');
  const country = { id: 'country', label: { en: 'Country or region', 'zh-CN': '国家或地区' }, type: 'country', required: false };
  const planned = [];
  for (const [k, organizer] of organizers.entries()) {
    for (let e = 0; e < options.eventsEach; e++) {
      const { venue, manager } = parks[(k + e) % parks.length]!;
      const date = tuesday(year, 2 + e, k);
      const slot = { start: at(date, '14:00').toISO()!, end: at(date, '16:00').toISO()! };
      const booking = (await requestBooking(app, organizer.auth, { venueId: venue.id, ...slot })).json();
      await call(manager.auth, 'POST', `/v1/bookings/${booking.id}/approve`, {});
      const asksCountry = e % 2 === 0;
      const coOrganizerIds = organizers.length > 1 && e === 1 ? [organizers[(k + 1) % organizers.length]!.organization.id] : [];
      const event = await call(organizer.auth, 'POST', '/v1/events', { title: `创业沙龙 ${k + 1}-${e + 1}`, capacity: 50, bookingId: booking.id, ...slot, language: 'zh-CN', coOrganizerIds, questions: asksCountry ? [country] : [] });
      await call(organizer.auth, 'POST', `/v1/events/${event.id}/publish`);
      // A co-organizer is credited once one of its members accepts.
      if (coOrganizerIds.length) await call(organizers[(k + 1) % organizers.length]!.auth, 'POST', `/v1/events/${event.id}/co-organizers/accept`);
      planned.push({ date, organizer, eventId: event.id as number, asksCountry });
    }
  }
  let person = 0;
  for (const { date, organizer, eventId, asksCountry } of planned.sort((a, b) => a.date.localeCompare(b.date))) {
    testClock.set(at(date, '09:00').toMillis());
    const people = [];
    for (let s = 0; s < options.seats; s++) {
      const email = `person-${++person}@example.org`;
      const code = COUNTRIES[person % COUNTRIES.length]!;
      await call({}, 'POST', `/v1/events/${eventId}/registrations`, { name: `参与者 ${person}`, email, ...(asksCountry ? { answers: { country: code } } : {}) });
      made.registrations += 1;
      if (asksCountry) {
        made.withCountry += 1;
        if (code !== 'CN') made.international += 1;
      }
      people.push(email);
    }
    testClock.set(at(date, '14:20').toMillis());
    const came = people.filter((_, i) => i % 3 !== 2); // two in three come
    for (const email of came) await call(organizer.auth, 'POST', `/v1/events/${eventId}/checkins`, { email });
    made.checkIns += came.length;
    testClock.set(at(date, '18:00').toMillis());
    for (const [i, email] of came.entries()) {
      if (i % 2) continue; // every other one answers the survey
      const rating = 3 + (i % 3);
      answerSurvey(app.deps, app.db.select().from(registrations).all().find((r) => r.email === email)!.id, { rating, recommend: 8, comment: null });
      made.feedback += 1;
      made.ratingSum += rating;
    }
    made.eventsHeld += 1;
  }

  // The green channel: the office's centre, reservations served on a June Tuesday.
  testClock.set(at(tuesday(year, 6), '08:00').minus({ days: 5 }).toMillis());
  const centre = await call(coordinator.auth, 'POST', '/v1/service-centres', { name: '五角场社区事务受理服务中心', openingHours: { tue: [{ open: '09:00', close: '17:00' }] } });
  await call(coordinator.auth, 'POST', '/v1/service-categories', { code: 'business', name: { en: 'Starting a business', 'zh-CN': '企业开办' } });
  const service = await call(coordinator.auth, 'POST', '/v1/services', { code: 'licence', categoryCode: 'business', name: { en: 'Business licence', 'zh-CN': '营业执照' }, durationMinutes: 30, seatsPerSlot: options.served, centreIds: [centre.id] });
  await call(coordinator.auth, 'POST', '/v1/calendar/days', { date: tuesday(year, 6), kind: 'workday', name: '开放' });
  const held = [];
  for (let i = 0; i < options.served; i++) {
    held.push(confirmedOrThrow(await reserveConfirmed(app, { serviceId: service.id, centreId: centre.id, start: at(tuesday(year, 6), '10:00').toISO({ suppressMilliseconds: true }), name: `创业者 ${i + 1}`, email: `founder-${i}@example.org` })));
  }
  testClock.set(at(tuesday(year, 6), '10:05').toMillis());
  for (const reservation of held) {
    await call(coordinator.auth, 'POST', `/v1/service-centres/${centre.id}/checkins`, { code: reservation.number });
    await call(coordinator.auth, 'POST', `/v1/service-centres/${centre.id}/served`, { reservationId: reservation.id });
    made.served += 1;
  }
  testClock.set(at(`${year + 1}-01-10`, '09:00').toMillis());
  return { coordinator, parks, organizers, made };
}

import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, emails, events, registrations } from '../../src/db/schema.js';
import { registerFor, seedApprovedBooking, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';
import { seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

describe('an organizer’s venue requests', () => {
  it('shows the chosen day’s free times in the venue’s zone, files the request and lists it', async () => {
    const { venue, booking } = await seedApprovedBooking(t.app, { daysAhead: 9 }); // 14:00–18:00 taken
    const day = booking.start.slice(0, 10);
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    const form = await b.get(`/my/bookings/new?venueId=${venue.id}&date=${day}`);
    expect(form.statusCode).toBe(200);
    const free = /<ul class="free-slots">([\s\S]*?)<\/ul>/.exec(form.body)![1]!.replace(/<[^>]+>/g, ' ').trim().split(/\s+/);
    expect(free).toEqual(['08:00–14:00', '18:00–22:00']); // the default opening hours less the approved booking

    const sent = await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '19:00', endTime: '21:00', expectedAttendance: '25', purpose: 'Evening pitch night' });
    expect(sent.statusCode).toBe(303);
    const list = await b.get(sent.headers.location as string);
    expect(textOf(list)).toContain('Request sent');
    expect(textOf(list)).toContain(`${DateTime.fromISO(day).setLocale('en').toFormat('ccc d MMM')}, 19:00–21:00`); // a date as people write it
    expect(textOf(list)).toContain('Evening pitch night');
    const row = t.app.db.select().from(bookings).where(eq(bookings.purpose, 'Evening pitch night')).get()!;
    expect(row).toMatchObject({ status: 'pending', organizationId: organizer.organization.id, expectedAttendance: 25 });
  });

  it('withdraws a request still waiting, and tells the park’s managers', async () => {
    const { venue, booking } = await seedApprovedBooking(t.app, { daysAhead: 14 });
    const day = booking.start.slice(0, 10);
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    await b.get('/my/bookings/new');
    await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '19:00', endTime: '20:00', expectedAttendance: '10', purpose: 'Changed our minds' });
    const row = t.app.db.select().from(bookings).where(eq(bookings.purpose, 'Changed our minds')).get()!;
    const list = await b.get('/my/bookings');
    expect(list.body).toContain(`action="/my/bookings/${row.id}/withdraw"`);
    const done = await b.follow(await b.post(`/my/bookings/${row.id}/withdraw`, { version: String(row.version) }));
    expect(textOf(done)).toContain('Request withdrawn');
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, row.id)).get()!.status).toBe('cancelled');
    expect(t.app.db.select().from(emails).all().some((m) => m.subject.startsWith('Venue request cancelled') && m.text.includes('Withdrawn by the organizer.'))).toBe(true);
    // Someone else's request cannot be withdrawn from here.
    const stranger = browser(t.app).as(seedOrganizer(t.app).member.id);
    await stranger.get('/my/bookings');
    expect((await stranger.post(`/my/bookings/${booking.id}/withdraw`, {})).statusCode).toBe(403);
  });

  it('shows a broken rule next to the form, keeping what was typed', async () => {
    const { venue, booking } = await seedApprovedBooking(t.app, { daysAhead: 11 });
    const day = booking.start.slice(0, 10);
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    await b.get('/my/bookings/new');
    const crowd = await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '19:00', endTime: '20:00', expectedAttendance: '500', purpose: 'Too big a crowd' });
    expect(crowd.statusCode).toBe(400);
    expect(textOf(crowd)).toContain('capacity');
    expect(crowd.body).toContain('Too big a crowd');
    const missing = await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '', endTime: '16:00', expectedAttendance: '10', purpose: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing)).toContain('start: give a date');
  });
});

describe('refusals in the visitor’s language', () => {
  it('says a broken booking rule, and a missing field, in Chinese to a Chinese visitor', async () => {
    const { venue, booking } = await seedApprovedBooking(t.app, { daysAhead: 13, venue: { name: '路演厅' } });
    const day = booking.start.slice(0, 10);
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app).as(organizer.member.id);
    await b.get('/my/bookings/new?lang=zh-CN');
    const late = await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '22:30', endTime: '23:30', expectedAttendance: '10', purpose: '夜间路演' });
    expect(late.statusCode).toBe(400);
    // The date as people write it (12月4日 周五), the venue's name, what to do next; no ISO strings, no ids.
    const spoken = DateTime.fromISO(day, { zone: 'Asia/Shanghai' }).setLocale('zh-CN').toFormat('M月d日 ccc');
    expect(textOf(late)).toContain(`${spoken} 22:30–23:30 不在 路演厅 的开放时间内，请选择开放时段。`);
    const missing = await b.post('/my/bookings', { venueId: String(venue.id), date: day, startTime: '', endTime: '16:00', expectedAttendance: '10', purpose: 'x' });
    expect(textOf(missing)).toContain('请填写日期（YYYY-MM-DD）和时间（HH:MM）');
    // The API keeps its English detail for developers.
    const api = await t.app.inject({ method: 'POST', url: '/v1/bookings', headers: organizer.auth, payload: { venueId: venue.id, start: `${day}T22:30:00+08:00`, end: `${day}T23:30:00+08:00`, expectedAttendance: 10, purpose: 'x' } });
    expect(api.json().detail).toMatch(/is outside 路演厅's opening hours\.$/);
  });
});

describe('an organizer’s events', () => {
  it('drafts an event on a booking (taking its times), edits, publishes and cancels it', async () => {
    const { organizer, booking } = await seedApprovedBooking(t.app, { daysAhead: 12 });
    const b = browser(t.app).as(organizer.member.id);
    const blank = await b.get(`/my/events/new?booking=${booking.id}`);
    expect(blank.body).toContain(`<option value="${booking.id}" selected>`);
    const created = await b.post('/my/events', { title: 'Robotics founders meetup', topics: 'Robotics, hardware', bookingId: String(booking.id), capacity: '40', language: 'en' });
    expect(created.statusCode).toBe(303);
    const id = Number(/\/my\/events\/(\d+)/.exec(created.headers.location as string)![1]);
    const draft = t.app.db.select().from(events).where(eq(events.id, id)).get()!;
    expect(draft).toMatchObject({ status: 'draft', bookingId: booking.id, topics: ['robotics', 'hardware'] });
    expect(draft.startAt.getTime()).toBe(Date.parse(booking.start));

    const page = await b.get(`/my/events/${id}`);
    expect(page.body).toContain('value="Robotics founders meetup"');
    const day = booking.start.slice(0, 10);
    const edited = await b.post(`/my/events/${id}`, { title: 'Robotics founders night', bookingId: String(booking.id), date: day, startTime: '15:00', endTime: '17:00', capacity: '40', language: 'en' });
    expect(edited.statusCode).toBe(303);
    expect(t.app.db.select().from(events).where(eq(events.id, id)).get()).toMatchObject({ title: 'Robotics founders night', summary: null });
    const outside = await b.post(`/my/events/${id}`, { title: 'Too long', bookingId: String(booking.id), date: day, startTime: '13:00', endTime: '17:00', capacity: '40' });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('value="Too long"');

    // Publishing asks first, saying who will hear of it; nothing is published until the yes.
    const asked = await b.post(`/my/events/${id}/publish`);
    expect(asked.statusCode).toBe(200);
    expect(textOf(asked)).toContain('Publish “Robotics founders night”?');
    expect(textOf(asked)).toMatch(/It is announced to \d+ subscribers? and \d+ partner channels?\./);
    expect(asked.body).toContain('name="confirmed" value="yes"');
    expect(asked.body).toContain(`href="/my/events/${id}"`); // "no" goes back
    expect(t.app.db.select().from(events).where(eq(events.id, id)).get()!.status).toBe('draft');
    expect((await b.post(`/my/events/${id}/publish`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect(textOf(await browser(t.app).get('/'))).toContain('Robotics founders night');
    await registerFor(t.app, id, 'Early Bird', 'early@example.org');
    const cancelAsked = await b.post(`/my/events/${id}/cancel`, { reason: 'Speaker ill' });
    expect(textOf(cancelAsked)).toContain('Cancel “Robotics founders night”?');
    expect(textOf(cancelAsked)).toContain('1 registered person');
    expect(textOf(cancelAsked)).toContain('The reason they read: “Speaker ill”');
    expect(cancelAsked.body).toContain('name="reason" value="Speaker ill"'); // the yes posts the reason again
    expect(t.app.db.select().from(events).where(eq(events.id, id)).get()!.status).toBe('published');
    expect((await b.post(`/my/events/${id}/cancel`, { reason: 'Speaker ill', confirmed: 'yes' })).statusCode).toBe(303);
    expect(t.app.db.select().from(events).where(eq(events.id, id)).get()!.status).toBe('cancelled');
    expect(textOf(await browser(t.app).get(`/events/${id}`))).toContain('This event has been cancelled.');
  });

  it('checks in a registrant from the list, and says why someone on the waitlist cannot be', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1 });
    await registerFor(t.app, event.id, 'Seated Person', 'seated@example.org');
    await registerFor(t.app, event.id, 'Waiting Person', 'waiting@example.org');
    const [seated, waiting] = t.app.db.select().from(registrations).where(eq(registrations.eventId, event.id)).all();
    const b = browser(t.app).as(organizer.member.id);
    const list = await b.get(`/my/events/${event.id}/checkin?q=person`);
    expect(textOf(list)).toContain('0 of 1 checked in · 1 waiting');
    expect(list.body).toContain(`name="registrationId" value="${seated!.id}"`);
    expect(list.body).not.toContain(`name="registrationId" value="${waiting!.id}"`);
    const done = await b.follow(await b.post(`/my/events/${event.id}/checkin`, { registrationId: String(seated!.id), q: 'person' }));
    expect(done.statusCode).toBe(200);
    expect(textOf(done)).toContain('Seated Person is checked in.');
    expect(textOf(done)).toContain('1 of 1 checked in');
    const refused = await b.post(`/my/events/${event.id}/checkin`, { registrationId: String(waiting!.id) });
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused)).toContain('Waiting Person is on the waitlist');
  });

  it('keeps other organizations out of an event’s pages', async () => {
    const { event } = await seedPublishedEvent(t.app);
    const stranger = browser(t.app).as(seedOrganizer(t.app).member.id);
    expect((await stranger.get(`/my/events/${event.id}/checkin`)).statusCode).toBe(403);
    await stranger.get('/my/events');
    expect((await stranger.post(`/my/events/${event.id}/cancel`, {})).statusCode).toBe(403);
    expect((await stranger.post(`/my/events/${event.id}/cancel`, { confirmed: 'yes' })).statusCode).toBe(403);
    expect(t.app.db.select().from(events).where(eq(events.id, event.id)).get()!.status).toBe('published');
  });

  it('refuses a request form for a venue that does not exist, naming the field', async () => {
    await seedVenue(t.app);
    const b = browser(t.app).as(seedOrganizer(t.app).member.id);
    await b.get('/my/bookings/new');
    const res = await b.post('/my/bookings', { venueId: '999999', date: slot(3, '10:00', '11:00').start.slice(0, 10), startTime: '10:00', endTime: '11:00', expectedAttendance: '5', purpose: 'x' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res)).toContain('Choose a venue');
  });
});

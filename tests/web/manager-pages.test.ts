import { describe, expect, it } from 'vitest';
import { blackouts, bookings, venues } from '../../src/db/schema.js';
import { eq } from 'drizzle-orm';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';
import { ALL_DAY, requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

describe('the park manager inbox', () => {
  it('lists pending requests oldest first, marks conflicts, approves and declines', async () => {
    const { venue, manager } = await seedVenue(t.app, { name: 'Roadshow Hall' });
    const organizer = seedOrganizer(t.app);
    const first = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(4, '09:00', '11:00'), purpose: 'First come' })).json();
    const rival = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(4, '10:00', '12:00'), purpose: 'Overlapping rival' })).json();
    const alone = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '09:00', '10:00'), purpose: 'On its own' })).json();

    const b = browser(t.app).as(manager.member.id);
    const inbox = await b.get('/park/inbox');
    expect(inbox.statusCode).toBe(200);
    const order = [first, rival, alone].map((x) => inbox.body.indexOf(`id="b${x.id}"`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(inbox.body).toMatch(new RegExp(`id="b${first.id}" class="conflict"`));
    expect(inbox.body).toMatch(new RegExp(`id="b${alone.id}">`));
    expect(textOf(inbox)).toContain(`Overlaps pending request #${rival.id}`);

    const approved = await b.post(`/park/bookings/${first.id}/approve`, { version: String(first.version) });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe('/park/inbox?done=approved');
    // The rival now overlaps an approved booking: marked, and approving it is refused with why.
    const after = await b.get('/park/inbox');
    expect(textOf(after)).toContain("overlaps a booking of Roadshow Hall already approved"); // in words: the venue and when, no ids
    const refused = await b.post(`/park/bookings/${rival.id}/approve`, { version: String(rival.version) });
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused)).toContain("overlaps a booking of Roadshow Hall already approved");

    const noReason = await b.post(`/park/bookings/${alone.id}/decline`, { version: String(alone.version), reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason)).toContain('Please fill in “Reason”.');
    // Declining asks first, naming the request and quoting the reason the organizer will read.
    const asked = await b.post(`/park/bookings/${alone.id}/decline`, { version: String(alone.version), reason: 'Closed for audit' });
    expect(asked.statusCode).toBe(200);
    expect(textOf(asked)).toContain('Decline this venue request?');
    expect(textOf(asked)).toMatch(/Roadshow Hall, \w{3} \d{1,2} \w{3}, 09:00–10:00: “On its own”/);
    expect(textOf(asked)).toContain('is mailed your reason: “Closed for audit”');
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, alone.id)).get()!.status).toBe('pending');
    const declined = await b.post(`/park/bookings/${alone.id}/decline`, { version: String(alone.version), reason: 'Closed for audit', confirmed: 'yes' });
    expect(declined.statusCode).toBe(303);
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, alone.id)).get()).toMatchObject({ status: 'declined', decisionNote: 'Closed for audit' });
  });

  it('does not show or decide another park’s requests', async () => {
    const p = await seedVenue(t.app);
    const q = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: p.venue.id, ...slot(6, '09:00', '10:00'), purpose: 'Only for park P' })).json();
    const b = browser(t.app).as(q.manager.member.id);
    expect(textOf(await b.get('/park/inbox'))).not.toContain('Only for park P');
    const refused = await b.post(`/park/bookings/${booking.id}/approve`, { version: String(booking.version) });
    expect(refused.statusCode).toBe(403);
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('pending');
    expect((await b.get(`/park/venues/${p.venue.id}`)).statusCode).toBe(403);
  });
});

describe('venues, the week view and blackouts', () => {
  it('adds a venue from the form and refuses a bad one with the field named', async () => {
    const { manager } = await seedVenue(t.app);
    const b = browser(t.app).as(manager.member.id);
    await b.get('/park/venues');
    const bad = await b.post('/park/venues', { organizationId: String(manager.organization.id), name: 'Loft', capacity: '0' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('“Capacity”');
    expect(bad.body).toContain('value="Loft"'); // what was typed is kept
    const made = await b.post('/park/venues', { organizationId: String(manager.organization.id), name: 'Loft', capacity: '40', feePerHour: '300', amenities: 'projector, whiteboard' });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toMatch(/^\/park\/venues\/\d+$/);
  });

  it('shows a week around the DST change at local times, and blocks and unblocks the venue from the form', async () => {
    // Europe/Berlin starts summer time on Sunday 2027-03-28: 02:00 CET becomes 03:00 CEST.
    const { venue, manager } = await seedVenue(t.app, { timezone: 'Europe/Berlin', openingHours: ALL_DAY });
    const organizer = seedOrganizer(t.app);
    const asked = await requestBooking(t.app, organizer.auth, { venueId: venue.id, start: '2027-03-29T10:00:00+02:00', end: '2027-03-29T12:00:00+02:00', purpose: 'Monday after the change' });
    expect(asked.statusCode).toBe(201);
    const before = await requestBooking(t.app, organizer.auth, { venueId: venue.id, start: '2027-03-27T10:00:00+01:00', end: '2027-03-27T12:00:00+01:00', purpose: 'Saturday before' });
    expect(before.statusCode).toBe(201);

    const b = browser(t.app).as(manager.member.id);
    const week = await b.get(`/park/venues/${venue.id}?week=2027-03-24`);
    expect(week.statusCode).toBe(200);
    const text = textOf(week);
    expect(text).toContain('2027-03-22 – 2027-03-28');
    expect(text).toContain('Sat 27 Mar, 10:00–12:00 · Saturday before'); // winter time
    expect((await b.get(`/park/venues/${venue.id}?week=2027-03-29`)).body).toContain('Mon 29 Mar, 10:00–12:00'); // summer time

    const blocked = await b.post(`/park/venues/${venue.id}/blackouts`, { startDate: '2027-03-28', startTime: '01:00', endDate: '2027-03-28', endTime: '05:00', reason: 'Clock maintenance' });
    expect(blocked.statusCode).toBe(303);
    const row = t.app.db.select().from(blackouts).where(eq(blackouts.venueId, venue.id)).get()!;
    // 01:00 CET is 00:00 UTC; 05:00 CEST is 03:00 UTC: four hours of wall clock, three of real time.
    expect(row.startAt.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(row.endAt.toISOString()).toBe('2027-03-28T03:00:00.000Z');
    const shown = await b.get(`/park/venues/${venue.id}?week=2027-03-28`);
    expect(textOf(shown)).toContain('Sun 28 Mar, 01:00–05:00 · Clock maintenance');

    const bad = await b.post(`/park/venues/${venue.id}/blackouts`, { startDate: '2027-03-28', startTime: '05:00', endDate: '2027-03-28', endTime: '01:00', reason: 'Backwards' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('The end must come after the start.');

    const removed = await b.post(`/park/venues/${venue.id}/blackouts/${row.id}/delete`, { week: '2027-03-22' });
    expect(removed.statusCode).toBe(303);
    expect(t.app.db.select().from(blackouts).where(eq(blackouts.venueId, venue.id)).all()).toHaveLength(0);
  });

  it('asks before cancelling approved bookings in the way of a blackout', async () => {
    const { venue, manager } = await seedVenue(t.app, { openingHours: ALL_DAY });
    const organizer = seedOrganizer(t.app);
    const times = slot(8, '14:00', '16:00');
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...times })).json();
    const b = browser(t.app).as(manager.member.id);
    await b.get('/park/inbox');
    await b.post(`/park/bookings/${booking.id}/approve`, { version: String(booking.version) });
    const day = times.start.slice(0, 10);
    const form = { startDate: day, startTime: '00:00', endDate: day, endTime: '23:59', reason: 'Power cut' };
    const asked = await b.post(`/park/venues/${venue.id}/blackouts`, form);
    expect(asked.statusCode).toBe(409);
    expect(textOf(asked)).toContain('overlaps 1 approved booking');
    // Ticking "cancel them" shows which bookings go and whose they are; only the yes cancels them.
    const confirm = await b.post(`/park/venues/${venue.id}/blackouts`, { ...form, force: 'true' });
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm)).toContain('This approved booking is cancelled and its organizer told:');
    expect(textOf(confirm)).toContain(organizer.organization.name);
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('approved');
    expect((await b.post(`/park/venues/${venue.id}/blackouts`, { ...form, force: 'true', confirmed: 'yes' })).statusCode).toBe(303);
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('cancelled');
  });
});

describe('a venue’s own page: details and opening hours', () => {
  it('edits details, the zone from a list and the weekly hours (with a break and a closed day)', async () => {
    const { venue, manager } = await seedVenue(t.app, { name: 'Roadshow Hall' });
    const b = browser(t.app).as(manager.member.id);
    expect((await b.get(`/park/venues/${venue.id}`)).body).toContain(`href="/park/venues/${venue.id}/edit"`);
    const form = await b.get(`/park/venues/${venue.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<select id="timezone" name="timezone">[\s\S]*<option value="Asia\/Shanghai" selected>/);
    expect(form.body).toContain('<option value="Europe/Berlin">Europe/Berlin</option>');
    expect(form.body).toContain('name="hours_mon_0_open" type="time" value="08:00"');
    expect(form.body).toContain('name="hours_mon_0_close" type="time" value="22:00"');

    const hours: Record<string, string> = {};
    for (const day of ['wed', 'thu', 'fri', 'sat']) Object.assign(hours, { [`hours_${day}_0_open`]: '08:00', [`hours_${day}_0_close`]: '22:00' });
    // Sunday until midnight: a time field says 00:00, the venue keeps 24:00.
    Object.assign(hours, { hours_sun_0_open: '10:00', hours_sun_0_close: '00:00' });
    const saved = await b.post(`/park/venues/${venue.id}/edit`, {
      name: 'Roadshow Hall B',
      capacity: '80',
      feePerHour: '150',
      address: '',
      timezone: 'Europe/Berlin',
      amenities: 'projector, 麦克风',
      hours_mon_0_open: '09:00',
      hours_mon_0_close: '12:00',
      hours_mon_1_open: '13:30',
      hours_mon_1_close: '18:00',
      ...hours,
      active: 'true',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/park/venues/${venue.id}?done=saved`);
    const stored = t.app.db.select().from(venues).where(eq(venues.id, venue.id)).get()!;
    expect(stored).toMatchObject({ name: 'Roadshow Hall B', capacity: 80, feePerHour: 150, timezone: 'Europe/Berlin', amenities: ['projector', '麦克风'], active: true, address: null });
    expect(stored.openingHours.mon).toEqual([{ open: '09:00', close: '12:00' }, { open: '13:30', close: '18:00' }]);
    expect(stored.openingHours.tue).toBeUndefined(); // left empty: closed
    expect(stored.openingHours.sun).toEqual([{ open: '10:00', close: '24:00' }]);
    expect((await b.get(`/park/venues/${venue.id}/edit`)).body).toContain('name="hours_sun_0_close" type="time" value="00:00"');
    expect(textOf(await b.get(saved.headers.location as string))).toContain('Saved.');
  });

  it('re-shows the form with what was typed and why, in the visitor’s language; another park’s manager is refused', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const other = await seedVenue(t.app);
    const b = browser(t.app).as(manager.member.id);
    await b.get(`/park/venues/${venue.id}/edit?lang=zh-CN`);
    const bad = await b.post(`/park/venues/${venue.id}/edit`, { name: 'Backwards', capacity: '10', timezone: 'Asia/Shanghai', hours_mon_0_open: '18:00', hours_mon_0_close: '09:00' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('开放时段的开始须早于结束（18:00–09:00）');
    expect(bad.body).toContain('name="hours_mon_0_open" type="time" value="18:00"');
    expect(bad.body).toContain('value="Backwards"');
    const stranger = browser(t.app).as(other.manager.member.id);
    expect((await stranger.get(`/park/venues/${venue.id}/edit`)).statusCode).toBe(403);
    await stranger.get('/park/venues');
    expect((await stranger.post(`/park/venues/${venue.id}/edit`, { name: 'Taken over', capacity: '1' })).statusCode).toBe(403);
    expect(t.app.db.select().from(venues).where(eq(venues.id, venue.id)).get()!.name).not.toBe('Taken over');
  });
});

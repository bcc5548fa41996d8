import { enSpan } from '../helpers/spoken-dates.js';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registrations } from '../../src/db/schema.js';
import { createEvent, registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { seedOrganizer, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();

const mailTo = (address: string, subject: RegExp) =>
  waitFor(() => t.sink.mailTo(address).find((m) => subject.test(m.subject ?? '')), `mail to ${address} matching ${subject}`);

describe('registrations', () => {
  it('seats two of three, waitlists the third, and promotes them when a seat frees up', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 2, language: 'en', title: 'Pitch night' });
    const [ann, bo, cai] = [
      await registerFor(t.app, event.id, 'Ann', 'ann@example.org'),
      await registerFor(t.app, event.id, 'Bo', 'bo@example.org'),
      await registerFor(t.app, event.id, 'Cai', 'cai@example.org'),
    ];
    expect([ann, bo, cai].map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect([ann, bo, cai].map((r) => r.json().status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(cai.json()).toMatchObject({ waitlistPosition: 1, message: expect.stringContaining('waitlist') });

    // The same address again takes no second seat, and is answered as a new registration would be
    // now (the event is full: the waitlist), so nobody learns that Ann has a seat; Ann is told by mail.
    const again = await registerFor(t.app, event.id, 'Ann A.', 'ANN@example.org');
    expect(again.statusCode).toBe(201);
    const fresh = await registerFor(t.app, event.id, 'Dan', 'dan@example.org');
    expect(Object.keys(again.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(again.json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2, message: fresh.json().message });
    expect(fresh.json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const told = await mailTo('ann@example.org', /^You are already registered: Pitch night/);
    expect(told.text).toContain('Nothing changed: you have a seat.');
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().seatsLeft).toBe(0);

    await mailTo('cai@example.org', /^You are on the waitlist: Pitch night/);
    const annMail = await mailTo('ann@example.org', /^You are registered: Pitch night/);
    expect(annMail.text).toContain(enSpan(event.start, event.end)); // as people write it, in the venue's zone
    // The event's page and, with a seat, the event as a calendar file.
    expect(annMail.text).toContain(`http://chuanglian.test/events/${event.id}`);
    const ics = annMail.attachments.find((a) => a.filename === 'event.ics')!.content.toString('utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('SUMMARY:Pitch night');
    const waitMail = await mailTo('cai@example.org', /^You are on the waitlist: Pitch night/);
    expect(waitMail.attachments.filter((a) => a.filename?.endsWith('.ics'))).toHaveLength(0);
    const cancelUrl = annMail.text!.match(/http:\/\/chuanglian\.test(\/registrations\/\S+\/cancel)/)![1]!;
    // Its page names the event before the button.
    const cancelPage = await t.app.inject({ method: 'GET', url: cancelUrl, headers: { accept: 'text/html' } });
    expect(cancelPage.body).toContain('<strong>Pitch night</strong>');

    // Opening the link only asks; the button cancels.
    const page = await t.app.inject({ method: 'GET', url: cancelUrl, headers: { accept: 'text/html' } });
    expect(page.body).toContain('<form method="post">');
    const cancelled = await t.app.inject({ method: 'POST', url: cancelUrl });
    expect(cancelled.json()).toMatchObject({ id: ann.json().id, status: 'cancelled' });
    expect((await t.app.inject({ method: 'POST', url: cancelUrl })).json().status).toBe('cancelled'); // idempotent

    const promoted = await mailTo('cai@example.org', /^A seat freed up for you: Pitch night/);
    expect(promoted.text).toContain('/registrations/');
  });

  it('takes no registration from a form on another site: the API takes JSON only (415), and nothing is written', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 5 });
    const url = `/v1/events/${event.id}/registrations`;
    for (const [type, payload] of [
      ['application/x-www-form-urlencoded', 'name=Victim&email=victim%40example.org'],
      ['text/plain', '{"name":"Victim","email":"victim@example.org"}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nVictim\r\n--x--\r\n'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': type, origin: 'https://evil.example' }, payload });
      expect(res.statusCode, type).toBe(415);
      expect(res.json()).toMatchObject({ status: 415, detail: expect.stringContaining('application/json') });
    }
    expect(t.app.db.select().from(registrations).where(eq(registrations.eventId, event.id)).all()).toEqual([]);
    expect((await registerFor(t.app, event.id, 'Real', 'real@example.org')).statusCode).toBe(201);
  });

  it('never exceeds capacity under concurrent registrations', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 20 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => registerFor(t.app, event.id, `Founder ${i}`, `founder${i}@example.org`)));
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(180);
    const counts = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth })).json();
    expect(counts).toMatchObject({ capacity: 20, confirmed: 20, waitlisted: 180, checkedIn: 0, noShows: null });
  });

  it('checks people in at the door and the counts add up', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 3 });
    const people = await Promise.all(['a', 'b', 'c', 'd'].map((n) => registerFor(t.app, event.id, n.toUpperCase(), `${n}@door.example`)));
    const byId = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { registrationId: people[0]!.json().id } });
    expect(byId.json()).toMatchObject({ status: 'checked_in', checkedInAt: expect.any(String) });
    const byEmail = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { email: 'B@door.example' } });
    expect(byEmail.json().status).toBe('checked_in');
    const twice = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { email: 'b@door.example' } });
    expect(twice.statusCode).toBe(200);
    const waitlisted = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { email: 'd@door.example' } });
    expect(waitlisted.json()).toMatchObject({ status: 409, rule: 'no-seat' });

    const counts = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth })).json();
    expect(counts).toEqual({ eventId: event.id, capacity: 3, confirmed: 1, held: 0, checkedIn: 2, waitlisted: 1, cancelled: 0, noShows: null });

    const stranger = seedOrganizer(t.app);
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: stranger.auth, payload: { email: 'c@door.example' } })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations?status=confirmed`, headers: organizer.auth });
    expect(list.json().items.map((r: { email: string }) => r.email)).toEqual(['c@door.example']);
  });

  it('refuses registrations for drafts (404), cancelled events (409) and malformed emails (400)', async () => {
    const organizer = seedOrganizer(t.app);
    const draft = (await createEvent(t.app, organizer.auth, { onlineUrl: 'https://x.example', ...slot(3, '20:00', '21:00') })).json();
    expect((await registerFor(t.app, draft.id, 'X', 'x@example.org')).statusCode).toBe(404);
    expect((await registerFor(t.app, 999999, 'X', 'x@example.org')).statusCode).toBe(404);

    const { event, organizer: owner } = await seedPublishedEvent(t.app, { language: 'en' });
    expect((await registerFor(t.app, event.id, 'X', 'not-an-email')).json()).toMatchObject({ status: 400, field: 'email' });
    await registerFor(t.app, event.id, 'Early', 'early@example.org');
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: owner.auth, payload: {} });
    expect((await registerFor(t.app, event.id, 'X', 'x@example.org')).json()).toMatchObject({ status: 409, rule: 'event-cancelled' });
    await mailTo('early@example.org', /^Cancelled:/);
  });

  it('gives a freed capacity increase to the waitlist', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1, language: 'zh-CN' });
    await registerFor(t.app, event.id, 'One', 'one@grow.example');
    const two = await registerFor(t.app, event.id, 'Two', 'two@grow.example');
    expect(two.json().status).toBe('waitlisted');
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { capacity: 2 } });
    await mailTo('two@grow.example', /^候补成功：/);
    const shrink = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { capacity: 1 } });
    expect(shrink.json()).toMatchObject({ status: 409, field: 'capacity' });
  });
});

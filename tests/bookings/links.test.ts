import { enSpan } from '../helpers/spoken-dates.js';
import { waitFor } from '../helpers/wait-for.js';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/auth/signed-links.js';
import { TEST_SECRET, useTestAppWithMail } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestAppWithMail();

const HTML = { accept: 'text/html,application/xhtml+xml' };

/** Files a request and returns the approve and decline links from the mail the manager received. */
async function requestAndReadMail(times = slot(4, '14:00', '16:00'), extra: Record<string, unknown> = {}) {
  const { venue, manager } = await seedVenue(t.app);
  const organizer = seedOrganizer(t.app);
  const res = await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...times, ...extra });
  expect(res.statusCode).toBe(201);
  const mail = await waitForSubject(manager.member.email, /^Venue request:/);
  const links = [...mail.text!.matchAll(/http:\/\/chuanglian\.test(\/booking-links\/\S+)/g)].map((m) => m[1]!);
  expect(links).toHaveLength(2);
  return { booking: res.json(), venue, manager, organizer, approve: links[0]!, decline: links[1]! };
}

const waitForSubject = (address: string, subject: RegExp) =>
  waitFor(() => t.sink.mailTo(address).find((m) => subject.test(m.subject ?? '')), `a mail to ${address} matching ${subject}`);

const status = async (id: number, auth: Record<string, string>) => (await t.app.inject({ method: 'GET', url: `/v1/bookings/${id}`, headers: auth })).json().status;

describe('signed approve and decline links in the manager’s mail', () => {
  it('shows a confirmation page on GET without acting, approves on POST, and cannot be replayed', async () => {
    const { booking, manager, organizer, approve } = await requestAndReadMail();

    const page = await t.app.inject({ method: 'GET', url: approve, headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<form method="post">');
    expect(await status(booking.id, organizer.auth)).toBe('pending');

    const posted = await t.app.inject({ method: 'POST', url: approve, headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    // Post/redirect/get: the button's answer is the link's page showing the result, safe to refresh.
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`${approve}?done=1`);
    const done = await t.app.inject({ method: 'GET', url: posted.headers.location as string, headers: HTML });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('已批准'); // no Accept-Language: the site's default, Chinese
    const english = await t.app.inject({ method: 'GET', url: approve, headers: { ...HTML, 'accept-language': 'en' } });
    expect(english.statusCode).toBe(410); // used: refused, and said in English
    expect(english.body).toContain('<html lang="en">');
    expect(await status(booking.id, organizer.auth)).toBe('approved');

    const history = (await t.app.inject({ method: 'GET', url: `/v1/bookings/${booking.id}/history`, headers: manager.auth })).json().items;
    expect(history.at(-1)).toMatchObject({ action: 'approved', via: 'email-link', actorMemberId: manager.member.id });

    const replay = await t.app.inject({ method: 'POST', url: approve, payload: {} });
    expect(replay.statusCode).toBe(410);
    expect(replay.json().detail).toBe('This link has already been used.');
    const replayPage = await t.app.inject({ method: 'GET', url: approve, headers: HTML });
    expect(replayPage.statusCode).toBe(410);
    expect(replayPage.headers['content-type']).toMatch(/text\/html/);

    const told = await waitForSubject(organizer.member.email, /^Venue request approved/);
    expect(told.text).toContain(`• ${enSpan(booking.start, booking.end)}`);
  });

  it('declines with the reason typed on the page', async () => {
    const { booking, organizer, decline } = await requestAndReadMail();
    const page = await t.app.inject({ method: 'GET', url: decline, headers: HTML });
    expect(page.body).toContain('name="reason"');
    const missing = await t.app.inject({ method: 'POST', url: decline, payload: {} });
    expect(missing.json()).toMatchObject({ status: 400, field: 'reason' });
    const done = await t.app.inject({ method: 'POST', url: decline, payload: { reason: 'Booked by the park itself' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().declined[0]).toMatchObject({ id: booking.id, status: 'declined', decisionNote: 'Booked by the park itself' });
    const told = await waitForSubject(organizer.member.email, /^Venue request declined/);
    expect(told.text).toContain('Booked by the park itself');
  });

  it('refuses a link whose request changed since it was sent', async () => {
    const { booking, organizer, approve } = await requestAndReadMail();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${booking.id}/cancel`, headers: organizer.auth, payload: {} });
    const res = await t.app.inject({ method: 'POST', url: approve, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().rule).toBe('stale-version');
  });

  it('refuses a tampered link, one pointed at another booking, a link made for another purpose, and garbage', async () => {
    const { approve } = await requestAndReadMail();
    const [prefix, signature] = approve.split('.') as [string, string];
    const tampered = `${prefix}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const res = await t.app.inject({ method: 'POST', url: tampered, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('/problems/invalid-link');

    // Pointing the link at another booking (its ids are inside the signed payload) breaks the signature.
    const payload = JSON.parse(Buffer.from(prefix.split('/').at(-1)!, 'base64url').toString()) as { v: Array<[number, number]> };
    const retargeted = Buffer.from(JSON.stringify({ ...payload, v: payload.v.map(([id, version]) => [id + 1, version]) })).toString('base64url');
    const reused = await t.app.inject({ method: 'POST', url: `/v1/booking-links/${retargeted}.${signature}`, payload: {} });
    expect(reused.json()).toMatchObject({ status: 400, type: '/problems/invalid-link' });

    const foreign = signLink(TEST_SECRET, 'registration-cancel', { a: 'approve', m: 1, v: [[1, 1]] }, 600);
    const other = await t.app.inject({ method: 'POST', url: `/v1/booking-links/${foreign}`, payload: {} });
    expect(other.json()).toMatchObject({ status: 400, detail: 'This link is meant for something else.' });

    expect((await t.app.inject({ method: 'GET', url: '/v1/booking-links/not-a-token' })).statusCode).toBe(400);
  });

  it('refuses an expired link with 410', async () => {
    const expired = signLink(TEST_SECRET, 'booking-decision', { a: 'approve', m: 1, v: [[1, 1]] }, -10);
    const res = await t.app.inject({ method: 'GET', url: `/v1/booking-links/${expired}` });
    expect(res.statusCode).toBe(410);
  });

  it('approves a whole weekly series from one link, reporting the week that conflicts', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const early = seedOrganizer(t.app);
    // Week 2 of the series is already taken.
    const taken = (await requestBooking(t.app, early.auth, { venueId: venue.id, ...slot(9, '18:00', '19:00') })).json();
    await t.app.inject({ method: 'POST', url: `/v1/bookings/${taken.id}/approve`, headers: manager.auth, payload: {} });

    const organizer = seedOrganizer(t.app);
    const series = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(2, '18:00', '19:30'), recurrence: { count: 3 } })).json();
    const mail = await waitForSubject(manager.member.email, /and 2 more weeks/);
    const approve = mail.text!.match(/http:\/\/chuanglian\.test(\/booking-links\/\S+)/)![1]!;

    const res = await t.app.inject({ method: 'POST', url: approve, payload: {} });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result.approved.map((b: { id: number }) => b.id)).toEqual([series.occurrences[0].id, series.occurrences[2].id]);
    expect(result.conflicts).toEqual([expect.objectContaining({ conflictsWith: [taken.id], booking: expect.objectContaining({ id: series.occurrences[1].id, status: 'pending' }) })]);
  });
});

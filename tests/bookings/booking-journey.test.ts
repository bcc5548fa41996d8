import { expect, it } from 'vitest';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();

it('two organizers ask for the same afternoon; the manager approves one from the mail; the other cannot be approved', async () => {
  const { venue, manager } = await seedVenue(t.app, { name: 'Chuangzhi Roadshow Hall' });
  const alice = seedOrganizer(t.app);
  const bob = seedOrganizer(t.app);
  const first = (await requestBooking(t.app, alice.auth, { venueId: venue.id, ...slot(7, '14:00', '17:00'), purpose: 'AI founders salon' })).json();
  const second = (await requestBooking(t.app, bob.auth, { venueId: venue.id, ...slot(7, '15:00', '18:00'), purpose: 'Pitch practice' })).json();

  // The manager opens Alice's request mail and approves from the link.
  const mail = await waitFor(() => t.sink.mailTo(manager.member.email).find((m) => m.text?.includes('AI founders salon')), 'the manager’s mail');
  const approveLink = mail.text!.match(/http:\/\/chuanglian\.test(\/booking-links\/\S+)/)![1]!;
  expect((await t.app.inject({ method: 'GET', url: approveLink, headers: { accept: 'text/html' } })).body).toContain('Chuangzhi Roadshow Hall');
  expect((await t.app.inject({ method: 'POST', url: approveLink, payload: {} })).statusCode).toBe(200);
  await waitFor(() => t.sink.mailTo(alice.member.email).find((m) => m.subject?.startsWith('Venue request approved')), 'Alice is told');

  // Bob's overlapping request can no longer be approved, and the answer names Alice's booking.
  const refused = await t.app.inject({ method: 'POST', url: `/v1/bookings/${second.id}/approve`, headers: manager.auth, payload: {} });
  expect(refused.statusCode).toBe(409);
  expect(refused.json()).toMatchObject({ rule: 'overlap', conflictsWith: [first.id] });
  expect(refused.json().detail).toContain(`#${first.id}`);

  // Availability shows the afternoon taken.
  const day = slot(7, '00:00', '23:59');
  const free = (
    await t.app.inject({ method: 'GET', url: `/v1/venues/${venue.id}/availability?from=${encodeURIComponent(day.start)}&to=${encodeURIComponent(day.end)}`, headers: bob.auth })
  ).json().free;
  const date = day.start.slice(0, 10);
  expect(free).toEqual([
    { start: `${date}T08:00:00+08:00`, end: `${date}T14:00:00+08:00` },
    { start: `${date}T17:00:00+08:00`, end: `${date}T22:00:00+08:00` },
  ]);
});

import { DateTime } from 'luxon';
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

it('an organizer who knows no one finds three rooms for 50 with a projector next week, asks all three; the second park approves first from its mail', async () => {
  const projector = `projector-${Date.now()}`; // this test's rooms only
  const parks = [
    await seedVenue(t.app, { name: 'Yangpu Hall', capacity: 80, amenities: [projector] }),
    await seedVenue(t.app, { name: 'Changyang Loft', capacity: 60, amenities: [projector] }),
    await seedVenue(t.app, { name: 'KIC Theatre', capacity: 120, amenities: [projector] }),
  ];
  await seedVenue(t.app, { name: 'Tiny Room', capacity: 20, amenities: [projector] });
  const organizer = seedOrganizer(t.app);
  const monday = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 });
  const query = new URLSearchParams({ from: monday.toISO()!, to: monday.plus({ days: 5 }).toISO()!, duration: 'PT2H', capacity: '50', amenities: projector, weekdays: 'mon,tue,wed,thu,fri', earliest: '18:00', latest: '22:00' });
  const found = (await t.app.inject({ method: 'GET', url: `/v1/venues/search?${query.toString()}`, headers: organizer.auth })).json();
  expect(found.items.map((i: { venue: { name: string } }) => i.venue.name)).toEqual(['Changyang Loft', 'Yangpu Hall', 'KIC Theatre']);
  const { venueIds, start, end } = found.together;
  const asked = await requestBooking(t.app, organizer.auth, { venueIds, start, end, expectedAttendance: 50, purpose: 'Hardware founders night' });
  expect(asked.statusCode).toBe(201);

  // Each park's manager has a mail saying the organizer asked three at once; Yangpu's (the second in fit) approves from it.
  for (const { manager } of parks) await waitFor(() => t.sink.mailTo(manager.member.email).find((m) => m.text?.includes('asked 3 venues for this slot at once')), 'each park is asked');
  const mail = t.sink.mailTo(parks[0]!.manager.member.email).find((m) => m.text?.includes('Hardware founders night'))!;
  const approveLink = mail.text!.match(/http:\/\/chuanglian\.test(\/booking-links\/\S+)/)![1]!;
  expect((await t.app.inject({ method: 'POST', url: approveLink, payload: {} })).statusCode).toBe(200);

  await waitFor(() => t.sink.mailTo(organizer.member.email).find((m) => m.subject?.startsWith('Venue request approved: Yangpu Hall')), 'the organizer is told');
  for (const other of [parks[1]!, parks[2]!]) {
    const told = await waitFor(() => t.sink.mailTo(other.manager.member.email).find((m) => m.subject?.startsWith('Venue request withdrawn')), 'the other parks are told');
    expect(told.text).toContain('another venue approved first');
  }
  const group = (await t.app.inject({ method: 'GET', url: `/v1/bookings?groupId=${asked.json().groupId}`, headers: organizer.auth })).json().items;
  expect(group.map((b: { venueId: number; status: string }) => [b.venueId, b.status])).toEqual(venueIds.map((id: number) => [id, id === parks[0]!.venue.id ? 'approved' : 'withdrawn']));
});

it('after a decline, the organizer’s mail names venues free at the same time and links the page that asks one instead', async () => {
  const { venue, manager } = await seedVenue(t.app, { name: 'Painted Hall', capacity: 40 });
  await seedVenue(t.app, { name: 'Spare Hall', capacity: 45 });
  const organizer = seedOrganizer(t.app);
  const asked = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(9, '19:00', '21:00'), expectedAttendance: 40, purpose: 'Demo night' })).json();
  await t.app.inject({ method: 'POST', url: `/v1/bookings/${asked.id}/decline`, headers: manager.auth, payload: { reason: 'Being painted' } });
  const mail = await waitFor(() => t.sink.mailTo(organizer.member.email).find((m) => m.subject?.startsWith('Venue request declined')), 'the decline mail');
  expect(mail.text).toContain('These venues are free at the same time and big enough:');
  expect(mail.text).toMatch(/Spare Hall \(.+\): up to 45 people/);
  expect(mail.text).toContain(`http://chuanglian.test/my/bookings/${asked.id}`);
});

import { describe, expect, it } from 'vitest';
import { announcements, deliveries, emails } from '../../src/db/schema.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestApp();

describe('the home page each role lands on', () => {
  it('is where a sign-in link leads when nothing else was asked for', async () => {
    const organizer = seedOrganizer(t.app);
    const b = browser(t.app);
    await b.get('/signin');
    await b.post('/signin', { email: organizer.member.email });
    const mail = t.app.db.select().from(emails).all().filter((m) => m.toAddress === organizer.member.email).at(-1)!;
    const link = new URL(/https?:\/\/\S+\/signin\/\S+/.exec(mail.text)![0]);
    expect(link.searchParams.get('next')).toBe('/home');
    const done = await b.post(link.pathname, { next: link.searchParams.get('next')! });
    expect(done.headers.location).toBe('/home');
    expect(textOf(await b.follow(done))).toContain('What waits for you');
  });

  it('shows a park manager how many requests wait and the oldest, with the way to the inbox; another park’s manager sees none', async () => {
    const { venue, manager } = await seedVenue(t.app, { name: 'Roadshow Hall' });
    const other = await seedVenue(t.app);
    const organizer = seedOrganizer(t.app);
    await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(8, '09:00', '11:00'), purpose: 'Asked first' });
    await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(3, '09:00', '11:00'), purpose: 'Asked second' });

    const home = textOf(await browser(t.app).as(manager.member.id).get('/home'));
    expect(home).toContain('2 requests wait for your decision.');
    expect(home).toMatch(/The oldest, asked .*: Roadshow Hall, \w{3} \d{1,2} \w{3}, 09:00–11:00 — Asked first/);
    expect((await browser(t.app).as(manager.member.id).get('/home')).body).toContain('href="/park/inbox"');
    const zh = textOf(await browser(t.app).as(manager.member.id).get('/home?lang=zh-CN'));
    expect(zh).toContain('有 2 个申请等待你审批。');
    expect(textOf(await browser(t.app).as(other.manager.member.id).get('/home'))).toContain('No request is waiting for a decision.');
  });

  it('shows an organizer their requests waiting for the parks and their next events', async () => {
    const { organizer, event } = await seedPublishedEvent(t.app, { title: 'Demo night' });
    const { venue } = await seedVenue(t.app, { name: 'Small Room' });
    await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(9, '14:00', '16:00'), purpose: 'Workshop' });
    const page = await browser(t.app).as(organizer.member.id).get('/home');
    const home = textOf(page);
    expect(home).toContain('1 request is waiting for the park.');
    expect(home).toContain('Small Room');
    expect(home).toContain('Demo night');
    expect(home).toContain('0 of');
    expect(page.body).toContain(`href="/my/events/${event.id}"`);
    // Someone with nothing yet is told so, with the way to start.
    const fresh = await browser(t.app).as(seedOrganizer(t.app).member.id).get('/home');
    expect(textOf(fresh)).toContain('No event planned yet.');
    expect(fresh.body).toContain('href="/my/bookings/new"');
  });

  it('shows the coordinator failed deliveries, switched-off channels and new members', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const quiet = textOf(await browser(t.app).as(coordinator.member.id).get('/home'));
    expect(quiet).toContain('No delivery failed in the last 30 days.');
    await seedPublishedEvent(t.app);
    const announcement = await waitFor(() => t.app.db.select().from(announcements).get(), 'an announcement');
    // A delivery the senders gave up on (as the worker records it after its last attempt).
    t.app.db.insert(deliveries).values({ announcementId: announcement.id, targetType: 'channel', targetId: 424242, status: 'dead', attempts: 5, lastError: 'HTTP 500', updatedAt: new Date() }).run();
    const newcomer = seedMember(t.app, 'organizer');
    const home = textOf(await browser(t.app).as(coordinator.member.id).get('/home'));
    expect(home).toContain('1 delivery failed in the last 30 days.');
    expect(home).toContain(`${newcomer.member.name} · ${newcomer.organization.name} · Organizer`);
    expect(home).toMatch(/\d+ members joined in the last 30 days\./);
  });
});

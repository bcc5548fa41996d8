import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, emails } from '../../src/db/schema.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';
import { requestBooking, seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

const t = useTestApp();

/** The last mail to an address, from the outbox. */
const lastMailTo = (address: string) => t.app.db.select().from(emails).where(eq(emails.toAddress, address)).all().at(-1);
const mailsTo = (address: string) => t.app.db.select().from(emails).where(eq(emails.toAddress, address)).all().length;
const pathOf = (url: string) => new URL(url).pathname;
const HTML = { accept: 'text/html' };

describe('deactivating a member', () => {
  it('ends everything at once: token, session, sign-in, and the approve link mailed before', async () => {
    const { venue, manager } = await seedVenue(t.app);
    const coordinator = seedMember(t.app, 'coordinator');
    const organizer = seedOrganizer(t.app);
    const booking = (await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(5, '10:00', '12:00') })).json();
    const [approveLink] = [...lastMailTo(manager.member.email)!.text.matchAll(/https?:\/\/\S+\/booking-links\/\S+/g)].map((m) => pathOf(m[0]));
    // A sign-in link asked for, and a session open in a browser.
    const asking = browser(t.app);
    await asking.get('/signin');
    await asking.post('/signin', { email: manager.member.email });
    const signInLink = pathOf(/https?:\/\/\S+\/signin\/\S+/.exec(lastMailTo(manager.member.email)!.text)![0]);
    const session = browser(t.app).as(manager.member.id);
    expect((await session.get('/park/inbox')).statusCode).toBe(200);

    // Only coordinators may, and not on themselves.
    expect((await t.app.inject({ method: 'POST', url: `/v1/members/${manager.member.id}/deactivate`, headers: manager.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/v1/members/${coordinator.member.id}/deactivate`, headers: coordinator.auth })).json()).toMatchObject({ status: 409, rule: 'self' });
    const res = await t.app.inject({ method: 'POST', url: `/v1/members/${manager.member.id}/deactivate`, headers: coordinator.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: manager.member.id, deactivatedAt: expect.any(String) });

    // The token,
    expect((await t.app.inject({ method: 'GET', url: '/v1/members/me', headers: manager.auth })).statusCode).toBe(401);
    // the session,
    const inbox = await session.get('/park/inbox');
    expect(inbox.statusCode).toBe(303);
    expect(inbox.headers.location).toMatch(/^\/signin/);
    // the approve link mailed before (GET shows nothing, POST decides nothing),
    for (const method of ['GET', 'POST'] as const) {
      const link = await t.app.inject({ method, url: approveLink!, headers: HTML, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(link.statusCode).toBe(410);
      expect(textOf(link)).toContain('该链接的收件人已无权使用创联'); // a page in the visitor's language (Chinese by default)
    }
    expect(t.app.db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('pending');
    // the sign-in link mailed before,
    expect((await browser(t.app).get(signInLink)).statusCode).toBe(410);
    expect((await asking.post(signInLink)).statusCode).toBe(410);
    // and asking for a new one: the same answer as for anyone, and no mail.
    const before = mailsTo(manager.member.email);
    const again = await asking.follow(await asking.post('/signin', { email: manager.member.email }));
    expect(again.statusCode).toBe(200);
    expect(textOf(again)).toContain('sign-in link is on its way');
    expect(mailsTo(manager.member.email)).toBe(before);
    // Deactivating again changes nothing; the members list shows it.
    const twice = await t.app.inject({ method: 'POST', url: `/v1/members/${manager.member.id}/deactivate`, headers: coordinator.auth });
    expect(twice.json().deactivatedAt).toBe(res.json().deactivatedAt);
    const listed = (await t.app.inject({ method: 'GET', url: `/v1/organizations/${manager.organization.id}/members`, headers: coordinator.auth })).json().items;
    expect(listed.find((m: { id: number }) => m.id === manager.member.id)).toMatchObject({ deactivatedAt: res.json().deactivatedAt });
  });

  it('is a button on the coordinator’s organization page', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const organizer = seedOrganizer(t.app);
    const office = browser(t.app).as(coordinator.member.id);
    const page = await office.get(`/office/organizations/${organizer.organization.id}`);
    expect(page.body).toContain(`/office/members/${organizer.member.id}/deactivate`);
    const done = await office.post(`/office/members/${organizer.member.id}/deactivate`);
    expect(done.statusCode).toBe(303);
    const after = await office.get(done.headers.location as string);
    expect(textOf(after)).toContain(`${organizer.member.email} is deactivated`);
    expect((await t.app.inject({ method: 'GET', url: '/v1/members/me', headers: organizer.auth })).statusCode).toBe(401);
    const history = t.app.db.query.auditEntries.findMany({ where: (a) => and(eq(a.entityType, 'member'), eq(a.entityId, organizer.member.id)) }).sync();
    expect(history.map((h) => `${h.action}/${h.via}`)).toEqual(['deactivated/web']);
  });
});

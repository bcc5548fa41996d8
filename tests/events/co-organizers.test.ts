import { describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { seedApprovedBooking } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, seedMemberIn, useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('co-organizers', () => {
  it('are other member organizations named on the event and asked; shown and credited only once one of their members accepts', async () => {
    const { organizer, booking } = await seedApprovedBooking(t.app);
    const partner = createOrganization(t.app.deps, { name: 'Fudan Incubator', kind: 'incubator' });
    const other = createOrganization(t.app.deps, { name: 'Startup <Club>', kind: 'grassroots' });
    const create = (coOrganizerIds: unknown) => t.app.inject({ method: 'POST', url: '/v1/events', headers: organizer.auth, payload: { title: 'Joint demo day', capacity: 50, bookingId: booking.id, start: booking.start, end: booking.end, language: 'en', coOrganizerIds } });
    for (const bad of [[organizer.organization.id], [999999], [partner.id, partner.id], [1, 2, 3, 4, 5, 6], ['x']]) expect((await create(bad)).json(), JSON.stringify(bad)).toMatchObject({ status: 400 });
    expect((await create([organizer.organization.id])).json().detail).toMatch(/not its own co-organizer/);

    const made = await create([partner.id, other.id]);
    expect(made.statusCode, made.body).toBe(201);
    const event = made.json();
    // Named is only asked: nobody is shown or credited before one of its members accepts.
    expect(event.coOrganizerIds).toEqual([]);
    const asked = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/co-organizers`, headers: organizer.auth });
    expect(asked.json().items).toEqual([
      { organizationId: partner.id, name: 'Fudan Incubator', status: 'asked' },
      { organizationId: other.id, name: 'Startup <Club>', status: 'asked' },
    ]);
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/publish`, headers: organizer.auth });
    expect(textOf(await browser(t.app).get(`/events/${event.id}`))).not.toContain('Fudan Incubator');

    // A member of each organization sees the request on their home page and answers for it.
    const partnerMember = seedMemberIn(t.app, partner, 'organizer');
    const otherMember = seedMemberIn(t.app, other, 'organizer');
    const home = browser(t.app).as(partnerMember.member.id);
    const page = await home.get('/home');
    expect(textOf(page)).toContain(`${organizer.organization.name} names your organization as co-organizer of “Joint demo day”`);
    expect((await home.follow(await home.post(`/my/co-organizing/${event.id}/accept`))).body).toContain('Accepted: your organization is shown as co-organizer.');
    expect(textOf(await home.get('/home'))).not.toContain('names your organization as co-organizer');
    const declined = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/co-organizers/decline`, headers: otherMember.auth });
    expect(declined.json()).toMatchObject({ status: 'declined', organizationId: other.id });
    // An organization that was not named has nothing to answer.
    const stranger = seedMember(t.app, 'organizer');
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/co-organizers/accept`, headers: stranger.auth })).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().coOrganizerIds).toEqual([partner.id]);
    const en = await browser(t.app).get(`/events/${event.id}`);
    expect(textOf(en)).toContain(`Organized by ${organizer.organization.name} with Fudan Incubator`);
    expect(textOf(en)).not.toContain('Startup');
    const zh = await browser(t.app).get(`/events/${event.id}`, { 'accept-language': 'zh-CN' });
    expect(textOf(zh)).toContain(`主办：${organizer.organization.name}；协办：Fudan Incubator`);

    // The organizer's form: every name comes ticked, with its answer; unticking one drops it.
    const own = browser(t.app).as(organizer.member.id);
    const form = await own.get(`/my/events/${event.id}`);
    expect(form.body).toContain(`name="coOrganizerIds" value="${partner.id}" checked`);
    expect(form.body).toContain(`name="coOrganizerIds" value="${other.id}" checked`);
    expect(textOf(form)).toContain('Startup &lt;Club&gt; (declined)');
    expect(form.body).not.toContain(`name="coOrganizerIds" value="${organizer.organization.id}"`);
    const saved = await own.post(`/my/events/${event.id}`, { title: 'Joint demo day', capacity: '50', bookingId: String(booking.id), language: 'en', askMobile: 'off', coOrganizerIds: [String(partner.id)] });
    expect(saved.statusCode, textOf(saved)).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().coOrganizerIds).toEqual([partner.id]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/co-organizers`, headers: organizer.auth })).json().items).toHaveLength(1);
    expect((await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { coOrganizerIds: [] } })).json().coOrganizerIds).toEqual([]);
  });
});

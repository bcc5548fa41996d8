import { describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { seedApprovedBooking } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('co-organizers', () => {
  it('are other member organizations named on the event, checked, shown on its page and edited on the organizer’s form', async () => {
    const { organizer, booking } = await seedApprovedBooking(t.app);
    const partner = createOrganization(t.app.deps, { name: 'Fudan Incubator', kind: 'incubator' });
    const other = createOrganization(t.app.deps, { name: 'Startup <Club>', kind: 'grassroots' });
    const create = (coOrganizerIds: unknown) => t.app.inject({ method: 'POST', url: '/v1/events', headers: organizer.auth, payload: { title: 'Joint demo day', capacity: 50, bookingId: booking.id, start: booking.start, end: booking.end, language: 'en', coOrganizerIds } });
    for (const bad of [[organizer.organization.id], [999999], [partner.id, partner.id], [1, 2, 3, 4, 5, 6], ['x']]) expect((await create(bad)).json(), JSON.stringify(bad)).toMatchObject({ status: 400 });
    expect((await create([organizer.organization.id])).json().detail).toMatch(/not its own co-organizer/);

    const made = await create([partner.id, other.id]);
    expect(made.statusCode, made.body).toBe(201);
    const event = made.json();
    expect(event.coOrganizerIds).toEqual([partner.id, other.id]);
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/publish`, headers: organizer.auth });
    const en = await browser(t.app).get(`/events/${event.id}`);
    expect(textOf(en)).toContain(`Organized by ${organizer.organization.name} with Fudan Incubator, Startup &lt;Club&gt;`); // escaped
    const zh = await browser(t.app).get(`/events/${event.id}`, { 'accept-language': 'zh-CN' });
    expect(textOf(zh)).toContain(`主办：${organizer.organization.name}；协办：Fudan Incubator、Startup &lt;Club&gt;`);

    // The organizer's form: the boxes come ticked; unticking one keeps the other.
    const page = browser(t.app).as(organizer.member.id);
    const form = await page.get(`/my/events/${event.id}`);
    expect(form.body).toContain(`name="coOrganizerIds" value="${partner.id}" checked`);
    expect(form.body).not.toContain(`name="coOrganizerIds" value="${organizer.organization.id}"`);
    const saved = await page.post(`/my/events/${event.id}`, { title: 'Joint demo day', capacity: '50', bookingId: String(booking.id), language: 'en', askMobile: 'off', coOrganizerIds: [String(partner.id)] });
    expect(saved.statusCode, textOf(saved)).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().coOrganizerIds).toEqual([partner.id]);
    expect((await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { coOrganizerIds: [] } })).json().coOrganizerIds).toEqual([]);
  });
});

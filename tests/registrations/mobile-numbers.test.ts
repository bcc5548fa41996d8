import { describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

const register = (eventId: number, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/v1/events/${eventId}/registrations`, payload });

describe('a mobile number at registration (per event: off, optional, required)', () => {
  it('requires a mainland number where asked, keeps it in E.164 for the organizers, and never shows it publicly', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { askMobile: 'required', capacity: 10 });
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().askMobile).toBe('required');

    const missing = await register(event.id, { name: 'Ann', email: 'ann@example.org' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'mobile' });
    for (const bad of ['12345', '23812345678', '1381234567', '+1 415 555 0100', '138123456789']) {
      const refused = await register(event.id, { name: 'Ann', email: 'ann@example.org', mobile: bad });
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().field).toBe('mobile');
    }
    // As people type them: spaces, dashes, +86, 0086.
    const typed = ['138-1234-5678', '+86 139 1234 5678', '0086 15012345678', '(186) 1234 5678'];
    for (const [i, mobile] of typed.entries()) expect((await register(event.id, { name: `P${i}`, email: `p${i}@example.org`, mobile })).statusCode, mobile).toBe(201);

    const listed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json();
    expect(listed.items.map((r: { mobile: string }) => r.mobile)).toEqual(['+8613812345678', '+8613912345678', '+8615012345678', '+8618612345678']);
    // Not on the public event, its page or its listing.
    for (const url of [`/v1/events/${event.id}`, `/events/${event.id}`, '/v1/events', `/v1/events/${event.id}/ics`]) {
      expect((await t.app.inject({ method: 'GET', url })).body, url).not.toMatch(/13812345678|13912345678|15012345678/);
    }
  });

  it('refuses a number where the event does not ask for one, instead of dropping it unseen', async () => {
    const { event } = await seedPublishedEvent(t.app);
    const refused = await register(event.id, { name: 'Bo', email: 'bo@example.org', mobile: '13812345678' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'mobile', detail: expect.stringContaining('does not ask for a mobile number') });
    expect((await register(event.id, { name: 'Bo', email: 'bo@example.org' })).statusCode).toBe(201);
  });

  it('asks on the page where the event does, says why a number is refused, and shows it at the door', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { askMobile: 'optional', capacity: 10 });
    const visitor = browser(t.app);
    const page = await visitor.get(`/events/${event.id}?lang=zh-CN`);
    expect(page.body).toMatch(/<input id="mobile" name="mobile" type="tel" inputmode="tel" autocomplete="tel"/);
    expect(page.body).not.toMatch(/name="mobile"[^>]* required/);
    expect(textOf(page)).toContain('仅活动组织者可见');
    const bad = await visitor.post(`/events/${event.id}/register`, { name: '王五', email: 'wang@example.org', mobile: '1234' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad)).toContain('“手机号”须为中国大陆手机号');
    expect(bad.body).toContain('value="1234"');
    expect((await visitor.post(`/events/${event.id}/register`, { name: '王五', email: 'wang@example.org', mobile: '137 0000 1111' })).statusCode).toBe(303);
    expect((await visitor.post(`/events/${event.id}/register`, { name: '赵六', email: 'zhao@example.org', mobile: '' })).statusCode).toBe(303); // optional

    const door = await browser(t.app).as(organizer.member.id).get(`/my/events/${event.id}/checkin`);
    expect(door.body).toContain('<a href="tel:+8613700001111">137 0000 1111</a>');
    const form = await browser(t.app).as(organizer.member.id).get(`/my/events/${event.id}`);
    expect(form.body).toMatch(/<select id="askMobile" name="askMobile">[\s\S]*<option value="optional" selected>/);
  });
});

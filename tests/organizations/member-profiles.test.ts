import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/audit/audit.js';
import { createOrganization } from '../../src/organizations/organizations-service.js';
import { testClock } from '../../src/time/clock.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, seedMemberIn, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let coordinator: ReturnType<typeof seedMember>;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(() => t.close());

const call = (auth: Record<string, string>, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const lastYear = new Date().getUTCFullYear() - 1;

describe('member profiles', () => {
  it('are edited by the coordinator, audited with the profile before and after, and shown to the public', async () => {
    const space = createOrganization(t.app.deps, { name: 'XNode Wujiaochang', kind: 'incubator', contactEmail: 'office@xnode.example' });
    const edited = await call(coordinator.auth, 'PATCH', `/v1/organizations/${space.id}/profile`, {
      level: 'municipal',
      brand: 'XNode',
      floorAreaM2: 2400,
      foundedYear: 2016,
      website: 'https://xnode.example',
      description: { en: 'Founders from 25 countries.', 'zh-CN': '来自 25 个国家的创业者。' },
      years: [{ year: lastYear, teamsIncubated: 40, internationalTeams: 20 }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ organizationId: space.id, level: 'municipal', brand: 'XNode', floorAreaM2: 2400, years: [{ year: lastYear, teamsIncubated: 40, internationalTeams: 20 }] });
    // null clears a field; a year given again replaces that year's counts only.
    const again = (await call(coordinator.auth, 'PATCH', `/v1/organizations/${space.id}/profile`, { website: null, years: [{ year: lastYear, teamsIncubated: 42, internationalTeams: 21 }] })).json();
    expect(again).toMatchObject({ website: null, brand: 'XNode', years: [{ year: lastYear, teamsIncubated: 42, internationalTeams: 21 }] });
    const trail = auditTrail(t.app.db, 'organization', space.id);
    expect(trail.map((e) => e.action)).toEqual(['profile-edited', 'profile-edited']);
    expect(trail[1]).toMatchObject({ before: { website: 'https://xnode.example' }, after: { website: null } });

    const alliance = (await t.app.inject({ method: 'GET', url: '/v1/alliance' })).json();
    expect(alliance.incubator.find((o: { organizationId: number }) => o.organizationId === space.id)).toMatchObject({ name: 'XNode Wujiaochang', level: 'municipal', floorAreaM2: 2400 });
    expect(JSON.stringify(alliance)).not.toContain('office@xnode.example');
    expect(Object.keys(alliance)).toEqual(['park', 'base', 'incubator', 'grassroots']); // never the office itself
  });

  it('refuses what cannot be true, each with its reason', async () => {
    const space = createOrganization(t.app.deps, { name: 'Careful Space', kind: 'incubator' });
    const patch = (payload: object) => call(coordinator.auth, 'PATCH', `/v1/organizations/${space.id}/profile`, payload);
    const refused = [
      await patch({ years: [{ year: lastYear, teamsIncubated: 3, internationalTeams: 4 }] }),
      await patch({ years: [{ year: lastYear + 2, teamsIncubated: 3, internationalTeams: 1 }] }),
      await patch({ years: [{ year: lastYear, teamsIncubated: 3, internationalTeams: 1 }, { year: lastYear, teamsIncubated: 5, internationalTeams: 1 }] }),
      await patch({ foundedYear: lastYear + 2 }),
      await patch({}),
      await patch({ website: 'javascript:alert(1)' }),
      await patch({ level: 'galactic' }),
      await patch({ floorAreaM2: -5 }),
      await patch({ contactEmail: 'x@example.org' }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(refused[0]!.json().detail).toMatch(/international teams \(4\) are more than the teams incubated \(3\)/);
    expect(refused[2]!.json().detail).toMatch(/given twice/);
    expect((await call(coordinator.auth, 'PATCH', '/v1/organizations/99999/profile', { brand: 'X' })).statusCode).toBe(404);
    expect((await call(coordinator.auth, 'GET', `/v1/organizations/${space.id}/profile`)).json()).toMatchObject({ years: [], brand: null });
  });

  it('are proposed by the organization’s own members and applied only when a coordinator approves', async () => {
    const organizer = seedMember(t.app, 'organizer', 'incubator');
    const own = organizer.organization.id;
    const stranger = seedMember(t.app, 'organizer');
    const proposed = await call(organizer.auth, 'POST', `/v1/organizations/${own}/profile-proposals`, { floorAreaM2: 800, years: [{ year: lastYear, teamsIncubated: 12, internationalTeams: 3 }] });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({ status: 'pending', organizationId: own, proposedBy: organizer.member.id });
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json().floorAreaM2).toBeNull(); // not yet
    expect((await call(stranger.auth, 'POST', `/v1/organizations/${own}/profile-proposals`, { floorAreaM2: 1 })).statusCode).toBe(403);
    expect((await call(organizer.auth, 'POST', `/v1/organizations/${own}/profile-proposals`, { years: [{ year: lastYear, teamsIncubated: 1, internationalTeams: 2 }] })).statusCode).toBe(400);

    // The coordinator's queue holds it; the stranger sees only their own organization's.
    const queue = (await call(coordinator.auth, 'GET', '/v1/profile-proposals?status=pending')).json();
    expect(queue.items.map((p: { id: number }) => p.id)).toContain(proposed.json().id);
    expect((await call(stranger.auth, 'GET', '/v1/profile-proposals')).json().items).toEqual([]);
    expect((await call(stranger.auth, 'GET', `/v1/profile-proposals?organizationId=${own}`)).statusCode).toBe(403);
    expect((await call(organizer.auth, 'GET', '/v1/profile-proposals')).json().items).toHaveLength(1);
    expect((await call(organizer.auth, 'POST', `/v1/profile-proposals/${proposed.json().id}/approve`)).statusCode).toBe(403);

    const approved = await call(coordinator.auth, 'POST', `/v1/profile-proposals/${proposed.json().id}/approve`);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: coordinator.member.id });
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json()).toMatchObject({ floorAreaM2: 800, years: [{ year: lastYear, teamsIncubated: 12, internationalTeams: 3 }] });
    expect((await call(coordinator.auth, 'POST', `/v1/profile-proposals/${proposed.json().id}/decline`, { reason: 'late' })).statusCode).toBe(409);

    const second = (await call(organizer.auth, 'POST', `/v1/organizations/${own}/profile-proposals`, { floorAreaM2: 80000 })).json();
    const declined = await call(coordinator.auth, 'POST', `/v1/profile-proposals/${second.id}/decline`, { reason: 'Please send the lease showing this area.' });
    expect(declined.json()).toMatchObject({ status: 'declined', reason: 'Please send the lease showing this area.' });
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json().floorAreaM2).toBe(800);
    expect(auditTrail(t.app.db, 'profile_proposal', second.id).map((e) => e.action)).toEqual(['proposed', 'declined']);
    expect(auditTrail(t.app.db, 'organization', own).map((e) => e.action)).toEqual(['profile-edited']);
  });

  it('are listed on the public alliance page by kind, in either language, with the facts escaped', async () => {
    const park = createOrganization(t.app.deps, { name: 'Chuangzhi <Park>', kind: 'park' });
    await call(coordinator.auth, 'PATCH', `/v1/organizations/${park.id}/profile`, { level: 'national', floorAreaM2: 52000, brand: '<b>Brand</b>', years: [{ year: lastYear, teamsIncubated: 31, internationalTeams: 8 }] });
    const helper = seedMemberIn(t.app, park, 'park_manager');
    expect(helper.member.id).toBeGreaterThan(0);
    const en = await browser(t.app).get('/alliance', { 'accept-language': 'en' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Chuangzhi &lt;Park&gt;');
    expect(en.body).not.toContain('<b>Brand</b>');
    expect(textOf(en)).toContain('Hi-tech parks');
    expect(textOf(en)).toContain('National');
    expect(textOf(en)).toContain('52,000 m²');
    expect(textOf(en)).toContain(`31, of which 8 international`);
    const zh = await browser(t.app).get('/alliance', { 'accept-language': 'zh-CN' });
    expect(textOf(zh)).toContain('科技园区');
    expect(textOf(zh)).toContain('国家级');
  });

  it('are proposed, approved and edited on pages, a refusal shown on the form with what was typed', async () => {
    const organizer = seedMember(t.app, 'organizer', 'incubator');
    const own = organizer.organization.id;
    const member = browser(t.app).as(organizer.member.id);
    const form = await member.get('/my/organization', { 'accept-language': 'zh-CN' });
    expect(form.statusCode).toBe(200);
    const fields = { level: 'district', brand: '', floorAreaM2: '1500', foundedYear: '2019', address: '', website: '', descriptionZh: '面向硬件创业者。', descriptionEn: '', year: String(lastYear), teamsIncubated: '10', internationalTeams: '12' };
    const refused = await member.post('/my/organization', fields);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused)).toContain('international teams cannot be more than the teams incubated');
    expect(refused.body).toContain('value="1500"'); // what was typed stays
    expect((await member.post('/my/organization', { ...fields, internationalTeams: '4' })).statusCode).toBe(303);
    expect((await member.get('/my/organization')).body).toContain('1500');
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json().floorAreaM2).toBeNull();
    // Sending the form unchanged proposes nothing.
    const unchanged = await member.post('/my/organization', formValues((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json()));
    expect(unchanged.statusCode).toBe(400);
    expect(textOf(unchanged)).toContain('Nothing differs');

    const office = browser(t.app).as(coordinator.member.id);
    const queue = await office.get('/office/profiles');
    expect(textOf(queue)).toContain('District');
    expect(textOf(queue)).toContain(`Teams incubated in ${lastYear}: 10, of which 4 international`);
    // In Chinese with the Chinese colon.
    expect(textOf(await office.get('/office/profiles?lang=zh-CN'))).toContain(`${lastYear} 年孵化团队：10 个，其中国际团队 4 个`);
    await office.get('/office/profiles?lang=en');
    const id = (await call(coordinator.auth, 'GET', `/v1/profile-proposals?status=pending&organizationId=${own}`)).json().items[0].id;
    expect((await office.follow(await office.post(`/office/profiles/${id}/approve`))).body).toContain('Approved and applied');
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json()).toMatchObject({ level: 'district', floorAreaM2: 1500, foundedYear: 2019, description: { 'zh-CN': '面向硬件创业者。' }, years: [{ year: lastYear, teamsIncubated: 10, internationalTeams: 4 }] });

    // The coordinator edits directly: an emptied field is cleared.
    await office.get(`/office/organizations/${own}/profile`);
    const saved = await office.post(`/office/organizations/${own}/profile`, { ...fields, internationalTeams: '4', foundedYear: '', brand: 'HardHub' });
    expect((await office.follow(saved)).body).toContain('The profile is saved');
    expect((await call(organizer.auth, 'GET', `/v1/organizations/${own}/profile`)).json()).toMatchObject({ foundedYear: null, brand: 'HardHub' });
    expect((await member.get('/my/organization')).body).toContain('HardHub');
    // The office's own page lists the office's proposals only (none), not the whole queue.
    expect(textOf(await office.get('/my/organization'))).not.toContain('Your organization’s proposals');
  });

  // Last: it moves the clock.
  it('counts the year as Shanghai does: an hour into 1 January there, the new year can be reported though UTC is still in December', async () => {
    const year = new Date().getUTCFullYear() + 1;
    testClock.set(Date.UTC(year, 11, 31, 17, 0)); // 1 January 01:00 in Shanghai
    const space = createOrganization(t.app.deps, { name: 'New Year Space', kind: 'incubator' });
    const founded = await call(coordinator.auth, 'PATCH', `/v1/organizations/${space.id}/profile`, { foundedYear: year + 1 });
    expect(founded.statusCode, founded.body).toBe(200);
    expect((await call(coordinator.auth, 'PATCH', `/v1/organizations/${space.id}/profile`, { foundedYear: year + 2 })).statusCode).toBe(400);
    // The review opens on the year just ended there.
    const review = await browser(t.app).as(coordinator.member.id).get('/review');
    expect(review.body).toContain(`value="${year}"`);
  });
});

/** A profile as the form would send it back untouched. */
function formValues(profile: { level: string | null; brand: string | null; floorAreaM2: number | null; foundedYear: number | null; address: string | null; website: string | null; description: Record<string, string> | null; years: Array<{ year: number; teamsIncubated: number; internationalTeams: number }> }) {
  const latest = profile.years.at(-1);
  const text = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    level: text(profile.level),
    brand: text(profile.brand),
    floorAreaM2: text(profile.floorAreaM2),
    foundedYear: text(profile.foundedYear),
    address: text(profile.address),
    website: text(profile.website),
    descriptionZh: profile.description?.['zh-CN'] ?? '',
    descriptionEn: profile.description?.en ?? '',
    year: text(latest?.year ?? lastYear),
    teamsIncubated: text(latest?.teamsIncubated),
    internationalTeams: text(latest?.internationalTeams),
  };
}

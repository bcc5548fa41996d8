import { describe, expect, it } from 'vitest';
import { browser, textOf } from '../helpers/page-browser.js';
import { seedMember, useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

describe('the office’s green-channel page', () => {
  it('adds a centre, a service in a new category and a declared day; a bad value comes back with the reason', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const office = browser(t.app).as(coordinator.member.id);
    expect((await office.get('/office/green-channel')).statusCode).toBe(200);
    expect((await office.post('/office/green-channel/centres', { centreName: '殷行社区事务受理服务中心', centreAddress: '开鲁路 1 号' })).statusCode).toBe(303);
    const centres = (await t.app.inject({ method: 'GET', url: '/v1/service-centres' })).json().items;
    expect(centres.map((c: { name: string }) => c.name)).toContain('殷行社区事务受理服务中心');

    await office.get('/office/green-channel');
    const form = { categoryCode: 'social', categoryZh: '社保', categoryEn: 'Social security', itemCode: 'pension', nameZh: '养老保险登记', nameEn: 'Pension registration', bringZh: '身份证', bringEn: 'ID card', seatsPerSlot: '2', centres: String(centres[0].id) };
    const refused = await office.post('/office/green-channel/services', { ...form, durationMinutes: '1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="养老保险登记"');
    // A service without a name in either language is refused, on the page and by the API alike.
    const nameless = await office.post('/office/green-channel/services', { ...form, nameZh: '', nameEn: '', durationMinutes: '20' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.body).toContain('A service needs a name in Chinese or English.');
    const byApi = await t.app.inject({ method: 'POST', url: '/v1/services', headers: coordinator.auth, payload: { code: 'nameless', categoryCode: 'social', name: {}, durationMinutes: 20, seatsPerSlot: 1, centreIds: [] } });
    expect(byApi.json()).toMatchObject({ status: 400, field: 'name' });
    expect((await office.post('/office/green-channel/services', { ...form, durationMinutes: '20' })).statusCode).toBe(303);
    const catalogue = (await t.app.inject({ method: 'GET', url: '/v1/services' })).json();
    expect(catalogue.categories).toEqual([expect.objectContaining({ code: 'social', name: { 'zh-CN': '社保', en: 'Social security' }, items: [expect.objectContaining({ code: 'pension', durationMinutes: 20, seatsPerSlot: 2, centreIds: [centres[0].id] })] })]);
    // A name in one language is enough.
    await office.get('/office/green-channel');
    expect((await office.post('/office/green-channel/services', { ...form, itemCode: 'zh-only', nameEn: '', bringEn: '', durationMinutes: '20' })).statusCode).toBe(303);

    await office.get('/office/green-channel');
    expect((await office.post('/office/green-channel/days', { date: '2031-01-06', kind: 'holiday', name: 'Centre closed for training' })).statusCode).toBe(303);
    expect(textOf(await office.get('/office/green-channel'))).toContain('2031-01-06 · closed · Centre closed for training');
  });
});

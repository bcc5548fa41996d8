import { describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

const QUESTIONS = [
  { id: 'company', label: { en: 'Company', 'zh-CN': '公司' }, type: 'text', required: true },
  { id: 'stage', label: { en: 'Stage' }, type: 'choice', options: ['Idea', 'Seed', 'Series A'], required: true },
  { id: 'topics', label: { 'zh-CN': '关注方向' }, type: 'multi', options: ['AI', '硬件', '出海'], required: false },
  { id: 'photos', label: { en: 'You may appear in photos', 'zh-CN': '同意活动拍照' }, type: 'consent', required: true },
];

async function eventWithQuestions() {
  const seeded = await seedPublishedEvent(t.app, { capacity: 50, language: 'en' });
  const res = await t.app.inject({ method: 'PATCH', url: `/v1/events/${seeded.event.id}`, headers: seeded.organizer.auth, payload: { questions: QUESTIONS } });
  expect(res.statusCode, res.body).toBe(200);
  return seeded;
}

const register = (eventId: number, email: string, answers?: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/v1/events/${eventId}/registrations`, payload: { name: 'Wu Fei', email, ...(answers ? { answers } : {}) } });

describe('registration questions', () => {
  it('takes answers keyed by question id; organizers see them with the label answered, the public never', async () => {
    const { event, organizer } = await eventWithQuestions();
    const ok = await register(event.id, 'wu@example.org', { company: ' Deep Tide ', stage: 'Seed', topics: ['AI', '出海', 'AI'], photos: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.body).not.toContain('Deep Tide');
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().questions).toHaveLength(4);

    const listed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items[0];
    expect(listed.answers).toEqual({
      company: { label: 'Company', value: 'Deep Tide' },
      stage: { label: 'Stage', value: 'Seed' },
      topics: { label: '关注方向', value: ['AI', '出海'] }, // only a Chinese label: shown as it is
      photos: { label: 'You may appear in photos', value: true },
    });

    // Questions change before the event: the answer keeps the label it answered.
    const renamed = QUESTIONS.map((q) => (q.id === 'company' ? { ...q, label: { en: 'Organization' } } : q));
    await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { questions: renamed } });
    const after = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items[0];
    expect(after.answers.company).toEqual({ label: 'Company', value: 'Deep Tide' });
  });

  it('refuses a missing required answer, an unknown option or question, a wrong value or an over-long text: 400 naming the question', async () => {
    const { event } = await eventWithQuestions();
    const good = { company: 'Deep Tide', stage: 'Seed', photos: true };
    for (const [answers, field] of [
      [{ stage: 'Seed', photos: true }, 'answers.company'],
      [{ ...good, stage: 'Series Z' }, 'answers.stage'],
      [{ ...good, topics: ['AI', 'Crypto'] }, 'answers.topics'],
      [{ ...good, photos: false }, 'answers.photos'],
      [{ ...good, shoeSize: '42' }, 'answers.shoeSize'],
      [{ ...good, company: 'x'.repeat(2001) }, 'answers.company'],
      [{ ...good, stage: true }, 'answers.stage'],
    ] as const) {
      const res = await register(event.id, `bad-${field}-${Math.random()}@example.org`, answers);
      expect(res.statusCode, JSON.stringify(answers)).toBe(400);
      expect(res.json().field, JSON.stringify(answers)).toBe(field);
    }
  });

  it('refuses badly made questions on the event', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 5 });
    const patch = (questions: unknown) => t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { questions } });
    const q = { id: 'a', label: { en: 'A' }, type: 'text', required: false };
    expect((await patch([q, q])).json()).toMatchObject({ status: 400, field: 'questions.1.id' });
    expect((await patch([{ ...q, type: 'choice' }])).json()).toMatchObject({ status: 400, field: 'questions.0.options' });
    expect((await patch([{ ...q, options: ['x'] }])).json()).toMatchObject({ status: 400, field: 'questions.0.options' });
    expect((await patch([{ ...q, label: {} }])).statusCode).toBe(400);
    expect((await patch(Array.from({ length: 11 }, (_, i) => ({ ...q, id: `q${i}` })))).statusCode).toBe(400);
  });

  it('asks them on the event page and re-renders a refused form with what was answered; organizers edit them on their form', async () => {
    const { event, organizer, booking } = await seedPublishedEvent(t.app, { capacity: 20, language: 'zh-CN' });
    const org = browser(t.app).as(organizer.member.id);
    const form = await org.get(`/my/events/${event.id}`);
    expect(form.body).toContain('name="question.0.label"');
    const saved = await org.post(`/my/events/${event.id}`, {
      title: 'AI founders salon',
      capacity: '20',
      bookingId: String(booking.id), // no times: the booking's
      language: 'zh-CN',
      askMobile: 'off',
      'question.0.label': '所在公司',
      'question.0.type': 'text',
      'question.0.required': 'true',
      'question.1.label': '创业阶段',
      'question.1.type': 'choice',
      'question.1.options': '想法\n种子轮\nA 轮',
    });
    expect(saved.statusCode, textOf(saved)).toBe(303);
    const stored = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().questions;
    expect(stored).toEqual([
      { id: 'q1', label: { 'zh-CN': '所在公司' }, type: 'text', required: true },
      { id: 'q2', label: { 'zh-CN': '创业阶段' }, type: 'choice', options: ['想法', '种子轮', 'A 轮'], required: false },
    ]);

    const visitor = browser(t.app);
    const page = await visitor.get(`/events/${event.id}`, { 'accept-language': 'zh-CN' });
    expect(textOf(page)).toContain('所在公司');
    expect(page.body).toContain('name="q.q2" value="种子轮"');
    const refused = await visitor.post(`/events/${event.id}/register`, { name: 'Wu', email: 'wu-page@example.org', 'q.q2': '种子轮' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused)).toContain('Please answer “所在公司”.'); // the visitor reads English; the question is as the organizer wrote it
    expect(refused.body).toMatch(/value="种子轮" checked/);
    const done = await visitor.post(`/events/${event.id}/register`, { name: 'Wu', email: 'wu-page@example.org', 'q.q1': '深潮科技', 'q.q2': '种子轮' });
    expect(done.statusCode).toBe(303);
    const listed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items;
    expect(listed.find((r: { email: string }) => r.email === 'wu-page@example.org').answers).toEqual({ q1: { label: '所在公司', value: '深潮科技' }, q2: { label: '创业阶段', value: '种子轮' } });
  });

  it('asks the built-in country or region from a list in either language: a code stored, a name exported, anything else refused', async () => {
    const { event, organizer, booking } = await seedPublishedEvent(t.app, { capacity: 20, language: 'zh-CN' });
    const org = browser(t.app).as(organizer.member.id);
    await org.get(`/my/events/${event.id}`);
    // Chosen on the organizer's form with no label: it reads "Country or region" in both languages.
    const saved = await org.post(`/my/events/${event.id}`, { title: 'Global founders', capacity: '20', bookingId: String(booking.id), language: 'zh-CN', askMobile: 'off', 'question.0.label': '', 'question.0.type': 'country' });
    expect(saved.statusCode, textOf(saved)).toBe(303);
    const stored = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().questions;
    expect(stored).toEqual([{ id: 'q1', label: { en: 'Country or region', 'zh-CN': '国家或地区' }, type: 'country', required: false }]);

    const zh = await browser(t.app).get(`/events/${event.id}`, { 'accept-language': 'zh-CN' });
    expect(zh.body).toMatch(/<select id="q\.q1" name="q\.q1"><option value="">—<\/option><option value="CN">中国大陆<\/option>/);
    expect(zh.body).toContain('<option value="HK">中国香港</option>');
    const en = browser(t.app);
    const page = await en.get(`/events/${event.id}`);
    expect(textOf(page)).toContain('Country or region');
    expect(page.body).toContain('<option value="DE">Germany</option>');
    expect((await en.post(`/events/${event.id}/register`, { name: 'Anna', email: 'anna@example.org', 'q.q1': 'DE' })).statusCode).toBe(303);
    expect((await register(event.id, 'li@example.org', { q1: 'cn' })).statusCode).toBe(201);
    expect((await register(event.id, 'nobody@example.org', { q1: 'ZZ' })).json()).toMatchObject({ status: 400, field: 'answers.q1' });
    expect((await register(event.id, 'kosovo@example.org', { q1: 'XK' })).statusCode).toBe(400); // not an ISO 3166-1 code
    expect((await register(event.id, 'number@example.org', { q1: 49 })).statusCode).toBe(400);

    const listed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items;
    expect(Object.fromEntries(listed.map((r: { email: string; answers: Record<string, { value: string }> }) => [r.email, r.answers.q1?.value]))).toEqual({ 'anna@example.org': 'DE', 'li@example.org': 'CN' });
    const csv = await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations.csv`, headers: organizer.auth });
    expect(csv.body).toContain('德国 (DE)'); // in the event's language, with the code
    expect(csv.body).toContain('中国大陆 (CN)');

    // Once per event.
    const twice = await t.app.inject({ method: 'PATCH', url: `/v1/events/${event.id}`, headers: organizer.auth, payload: { questions: [stored[0], { ...stored[0], id: 'q2' }] } });
    expect(twice.json()).toMatchObject({ status: 400, field: 'questions' });
  });
});

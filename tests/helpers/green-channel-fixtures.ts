import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { reservationLink } from '../../src/green-channel/reservation-links.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** A service centre open 09:00–12:00 on weekdays with one service of 30-minute slots for `seats` people, made by the coordinator. */
export async function seedCentreWithService(app: App, coordinatorAuth: Record<string, string>, code: string, seats = 2) {
  const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: coordinatorAuth, payload });
  const centre = (await post('/v1/service-centres', { name: '五角场社区事务受理服务中心', address: '国和路 346 号', openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ open: '09:00', close: '12:00' }]])) })).json<{ id: number }>();
  await post('/v1/service-categories', { code: 'business', name: { en: 'Starting a business', 'zh-CN': '企业开办' } });
  const made = await post('/v1/services', { code, categoryCode: 'business', name: { en: 'Business licence', 'zh-CN': '营业执照办理' }, bring: { en: 'ID card, lease contract', 'zh-CN': '身份证、租赁合同' }, durationMinutes: 30, seatsPerSlot: seats, centreIds: [centre.id] });
  expect(made.statusCode, made.body).toBe(200);
  return { centre, service: made.json<{ id: number }>() };
}

/**
 * Reserves through the API and confirms from the personal link, as the person does after opening
 * the mail (a new reservation is only held until then); answers the confirmed reservation, or
 * the refusal as it came.
 */
export async function reserveConfirmed(app: App, payload: Record<string, unknown>, remoteAddress?: string) {
  const made = await app.inject({ method: 'POST', url: '/v1/reservations', payload, ...(remoteAddress ? { remoteAddress } : {}) });
  if (made.statusCode !== 201) return made;
  const { id, end } = made.json<{ id: number; end: string }>();
  const token = reservationLink(app.deps, id, new Date(end)).split('/').at(-1)!;
  return app.inject({ method: 'POST', url: `/v1/reservations/${token}/confirm` }).then((confirmed) => Object.assign(confirmed, { statusCode: confirmed.statusCode === 200 ? 201 : confirmed.statusCode }));
}

/** The reservation a `reserveConfirmed` answer holds, or an error saying what was refused. */
export function confirmedOrThrow(res: Awaited<ReturnType<typeof reserveConfirmed>>) {
  if (res.statusCode !== 201) throw new Error(`reserving answered ${res.statusCode}: ${res.body}`);
  return res.json<{ id: number; number: string; status: string }>();
}

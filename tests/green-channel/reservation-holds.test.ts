import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, reservations } from '../../src/db/schema.js';
import { reservationLink } from '../../src/green-channel/reservation-links.js';
import { testClock } from '../../src/time/clock.js';
import { seedCentreWithService } from '../helpers/green-channel-fixtures.js';
import { settle } from '../helpers/settle.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Green-channel seats cannot be squatted, and nobody's mailbox can be filled through a
 * reservation: a new reservation only holds its seat until the person confirms from the mailed
 * link (RESERVATION_HOLD), one client holds at most RESERVE_HOLDS_PER_IP unconfirmed at once,
 * a reservation moves at most 3 times, and moves close together send one mail (UPDATE_SETTLE).
 */

/** Monday 08:00 in Shanghai a week from now; the clock stands still unless a test moves it. */
const MONDAY = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 }).set({ hour: 8 });
const SLOTS = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

let t: TestApp;
let coordinator: ReturnType<typeof seedMember>;
beforeAll(async () => {
  testClock.freeze(MONDAY.toMillis());
  t = await startTestApp({ UPDATE_SETTLE: 'PT10M' });
  coordinator = seedMember(t.app, 'coordinator');
});
afterAll(async () => {
  await t?.close();
  testClock.reset();
});

const reserveFrom = (ip: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/reservations', remoteAddress: ip, payload: { name: 'Founder', language: 'en', ...payload } });
const tokenOf = (made: { id: number; end: string }) => reservationLink(t.app.deps, made.id, new Date(made.end)).split('/').at(-1)!;
const heldCount = () => t.app.db.select({ n: sql<number>`count(*)` }).from(reservations).where(eq(reservations.status, 'held')).get()!.n;
const mailsTo = (address: string) => t.app.db.select({ kind: emails.kind }).from(emails).where(eq(emails.toAddress, address)).all().map((m) => m.kind);

/** Every free seat of the weekdays ahead, as the slots API lists them. */
async function freeSeats(serviceId: number, centreId: number) {
  let free = 0;
  for (let d = 0; d < 12; d++) {
    const date = MONDAY.plus({ days: d }).toISODate();
    const day = (await t.app.inject({ method: 'GET', url: `/v1/services/${serviceId}/slots?centre=${centreId}&date=${date}` })).json<{ slots: Array<{ remaining: number }> }>();
    free += day.slots.reduce((sum, s) => sum + s.remaining, 0);
  }
  return free;
}

describe('holds on green-channel reservations', () => {
  it('a script of 252 reservations with invented addresses from one address holds 5 seats at most, and after the hold every seat is free again', async () => {
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'squat', 1);
    const before = await freeSeats(service.id, centre.id);
    const answers: number[] = [];
    let mostHeld = 0;
    for (let i = 0; i < 252; i++) {
      const day = MONDAY.plus({ days: Math.floor(i / SLOTS.length) % 12 }).toISODate()!;
      const res = await reserveFrom('198.51.100.66', { serviceId: service.id, centreId: centre.id, start: `${day}T${SLOTS[i % SLOTS.length]}:00+08:00`, email: `bot${i}@invented.example` });
      answers.push(res.statusCode);
      mostHeld = Math.max(mostHeld, heldCount());
    }
    // Weekend days answer 400 (closed): of the rest, five are held and the others refused.
    expect(answers.filter((s) => s === 201)).toHaveLength(5);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(150);
    expect(mostHeld).toBe(5);
    expect(await freeSeats(service.id, centre.id)).toBe(before - 5);
    // A real founder on another connection is served meanwhile.
    const founder = await reserveFrom('203.0.113.7', { serviceId: service.id, centreId: centre.id, start: `${MONDAY.plus({ days: 1 }).toISODate()}T11:30:00+08:00`, email: 'real@founder.example' });
    expect(founder.statusCode, founder.body).toBe(201);

    // Nobody opened the invented mailboxes: 30 minutes on, every held seat is free again.
    testClock.advance(30 * 60_000);
    await settle(t.app);
    expect(heldCount()).toBe(0);
    expect(await freeSeats(service.id, centre.id)).toBe(before);
  });

  it('the refusal says how long until a hold lapses; a confirmed reservation no longer counts against the address', async () => {
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'refusal', 3);
    const day = MONDAY.plus({ days: 2 }).toISODate()!;
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await reserveFrom('198.51.100.77', { serviceId: service.id, centreId: centre.id, start: `${day}T${SLOTS[i]}:00+08:00`, email: `p${i}@example.org` })).json());
    const refused = await reserveFrom('198.51.100.77', { serviceId: service.id, centreId: centre.id, start: `${day}T11:30:00+08:00`, email: 'p5@example.org' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(30 * 60);
    expect(refused.json().detail).toContain('5 reservations from your address wait to be confirmed');
    expect((await t.app.inject({ method: 'POST', url: `/v1/reservations/${tokenOf(made[0])}/confirm` })).json()).toMatchObject({ status: 'confirmed', holdExpiresAt: null });
    expect((await reserveFrom('198.51.100.77', { serviceId: service.id, centreId: centre.id, start: `${day}T11:30:00+08:00`, email: 'p5@example.org' })).statusCode).toBe(201);
  });

  it('a hold not confirmed in time lapses: its seat returns, its link says so (410), and nothing more is mailed', async () => {
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'lapse', 1);
    const start = `${MONDAY.plus({ days: 3 }).toISODate()}T09:00:00+08:00`;
    const made = (await reserveFrom('192.0.2.40', { serviceId: service.id, centreId: centre.id, start, email: 'slow@example.org' })).json();
    expect((await reserveFrom('192.0.2.41', { serviceId: service.id, centreId: centre.id, start, email: 'second@example.org' })).json()).toMatchObject({ rule: 'slot-full' });
    testClock.advance(30 * 60_000 - 1_000);
    await settle(t.app);
    expect(t.app.db.select().from(reservations).where(eq(reservations.id, made.id)).get()!.status).toBe('held');
    testClock.advance(1_000);
    await settle(t.app);
    const late = await t.app.inject({ method: 'POST', url: `/v1/reservations/${tokenOf(made)}/confirm` });
    expect(late.statusCode).toBe(410);
    expect(late.json().detail).toContain('not confirmed in time');
    expect((await reserveFrom('192.0.2.41', { serviceId: service.id, centreId: centre.id, start, email: 'second@example.org' })).statusCode).toBe(201);
    expect(mailsTo('slow@example.org')).toEqual(['reservation-hold']);
  });
});

describe('moves through the personal link cannot flood a mailbox', () => {
  it('moves close together send one mail with the final time; a fourth move is refused', async () => {
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'moves', 2);
    const day = MONDAY.plus({ days: 8 }).toISODate()!;
    const made = (await reserveFrom('192.0.2.50', { serviceId: service.id, centreId: centre.id, start: `${day}T09:00:00+08:00`, email: 'mover@example.org' })).json();
    const token = tokenOf(made);
    await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/confirm` });
    const move = (time: string) => t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/move`, remoteAddress: '192.0.2.50', payload: { start: `${day}T${time}:00+08:00` } });
    for (const time of ['09:30', '10:00', '10:30']) {
      expect((await move(time)).statusCode).toBe(200);
      testClock.advance(60_000);
    }
    const fourth = await move('11:00');
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ rule: 'moves-used' });
    // Nothing mailed for the moves yet: they fold into one mail, UPDATE_SETTLE after the first.
    await settle(t.app);
    expect(mailsTo('mover@example.org')).toEqual(['reservation-hold', 'reservation']);
    testClock.advance(10 * 60_000);
    await settle(t.app);
    expect(mailsTo('mover@example.org')).toEqual(['reservation-hold', 'reservation', 'reservation-moved']);
    const moved = t.app.db.select().from(emails).where(and(eq(emails.toAddress, 'mover@example.org'), eq(emails.kind, 'reservation-moved'))).get()!;
    expect(moved.text).toContain('10:30');
    // 40 more attempts change nothing and mail nobody.
    for (let i = 0; i < 40; i++) await move(i % 2 ? '11:00' : '11:30');
    testClock.advance(60 * 60_000);
    await settle(t.app);
    expect(mailsTo('mover@example.org')).toHaveLength(3);
  });

  it('cancelling while a move’s mail waits sends the cancellation only', async () => {
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'move-cancel', 2);
    const day = MONDAY.plus({ days: 9 }).toISODate()!;
    const made = (await reserveFrom('192.0.2.51', { serviceId: service.id, centreId: centre.id, start: `${day}T09:00:00+08:00`, email: 'changer@example.org' })).json();
    const token = tokenOf(made);
    await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/confirm` });
    await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/move`, payload: { start: `${day}T10:00:00+08:00` } });
    await t.app.inject({ method: 'POST', url: `/v1/reservations/${token}/cancel` });
    testClock.advance(20 * 60_000);
    await settle(t.app);
    expect(mailsTo('changer@example.org')).toEqual(['reservation-hold', 'reservation', 'reservation-cancelled']);
  });
});

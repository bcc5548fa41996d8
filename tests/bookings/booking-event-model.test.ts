import { and, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookings, emails, events, registrations } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/test-app.js';
import { seedOrganizer, seedVenue, slot } from '../helpers/venue-fixtures.js';

/**
 * Model-based test of the booking/event rule: random sequences of what organizers and park
 * managers do (request, approve, decline, cancel, withdraw a group, blackouts forcing or not,
 * create, publish, move and cancel events, people registering) against the real service, and
 * after every step the three things that must always hold:
 *   1. no two approved bookings overlap at one venue;
 *   2. every published in-person event stands on an approved booking that covers its time;
 *   3. every registrant of a cancelled event was told once (and nobody else was told).
 * Each sequence plays in a world of its own (two parks, one organizer), so sequences share one
 * app. MODEL_RUNS sets how many sequences (`npm run test:model` runs many more); MODEL_SEED
 * replays one. A failure is shrunk to the shortest sequence that breaks a rule and printed as
 * the steps, e.g. `request(slot 0, venue 0), approve(booking 0), createEvent(on booking 0), …`.
 */

const t = useTestApp();
const RUNS = Number(process.env.MODEL_RUNS ?? 150);

type Auth = Record<string, string>;

/** One sequence's world: real ids, as the service gave them. */
interface World {
  run: number;
  venues: Array<{ id: number; manager: Auth }>;
  organizer: Auth;
  bookings: number[];
  groups: string[];
  events: number[];
  registered: number;
  log: string[];
}

/** Six slots on one day, overlapping in every way (10:00–12:00, 11:00–13:00, …). */
const SLOTS = [
  ['10:00', '12:00'],
  ['11:00', '13:00'],
  ['12:00', '14:00'],
  ['10:00', '14:00'],
  ['15:00', '17:00'],
  ['16:00', '18:00'],
] as const;
const slotAt = (i: number) => slot(20, SLOTS[i % SLOTS.length]![0], SLOTS[i % SLOTS.length]![1]);

/** Picks the nth of what exists so far (a pick past the end wraps), or nothing if none. */
const pick = <T,>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

async function call(world: World, what: string, method: 'POST' | 'PATCH', url: string, auth: Auth, payload: object, remoteAddress?: string): Promise<Awaited<ReturnType<typeof t.app.inject>>> {
  const res = await t.app.inject({ method, url, headers: auth, payload, ...(remoteAddress ? { remoteAddress } : {}) });
  world.log.push(`${what} → ${res.statusCode}${res.statusCode >= 400 ? ` ${res.json<{ rule?: string }>().rule ?? ''}` : ''}`);
  // Refusals are expected (that is the rule at work); a 5xx never is.
  expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);
  return res;
}

/** One thing a person does; after it, the invariants are checked. */
abstract class Step implements fc.AsyncCommand<object, World> {
  check = () => true;
  async run(_: object, world: World): Promise<void> {
    await this.act(world);
    try {
      checkInvariants(world);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n  after: ${world.log.join('\n         ')}`, { cause: error });
    }
  }
  abstract act(world: World): Promise<void>;
  abstract toString(): string;
}

class RequestBooking extends Step {
  constructor(readonly slotIndex: number, readonly venue: number, readonly bothVenues: boolean) {
    super();
  }
  async act(w: World) {
    const at = slotAt(this.slotIndex);
    const target = this.bothVenues ? { venueIds: w.venues.map((v) => v.id) } : { venueId: pick(w.venues, this.venue)!.id };
    const res = await call(w, this.toString(), 'POST', '/v1/bookings', w.organizer, { ...target, ...at, expectedAttendance: 10, purpose: 'Model run' });
    if (res.statusCode !== 201) return;
    const made = res.json();
    if (made.group) {
      w.bookings.push(...made.group.map((b: { id: number }) => b.id));
      w.groups.push(made.groupId ?? made.group[0].groupId);
    } else w.bookings.push(made.id);
  }
  toString = () => `request(slot ${this.slotIndex % SLOTS.length}, ${this.bothVenues ? 'both venues' : `venue ${this.venue % 2}`})`;
}

class Decide extends Step {
  constructor(readonly action: 'approve' | 'decline' | 'cancel-by-organizer' | 'cancel-by-manager', readonly booking: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.bookings, this.booking);
    if (id === undefined) return;
    const row = t.app.db.select({ venueId: bookings.venueId }).from(bookings).where(eq(bookings.id, id)).get()!;
    const manager = w.venues.find((v) => v.id === row.venueId)!.manager;
    const [action, auth] = this.action === 'cancel-by-organizer' ? ['cancel', w.organizer] : this.action === 'cancel-by-manager' ? ['cancel', manager] : [this.action, manager];
    await call(w, `${this.toString()} = #${id}`, 'POST', `/v1/bookings/${id}/${action}`, auth, action === 'decline' ? { reason: 'No' } : {});
  }
  toString = () => `${this.action}(booking ${this.booking})`;
}

class WithdrawGroup extends Step {
  constructor(readonly group: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.groups, this.group);
    if (id) await call(w, this.toString(), 'POST', `/v1/bookings/groups/${id}/withdraw`, w.organizer, {});
  }
  toString = () => `withdrawGroup(${this.group})`;
}

class Blackout extends Step {
  constructor(readonly slotIndex: number, readonly venue: number, readonly force: boolean) {
    super();
  }
  async act(w: World) {
    const venue = pick(w.venues, this.venue)!;
    await call(w, this.toString(), 'POST', `/v1/venues/${venue.id}/blackouts`, venue.manager, { ...slotAt(this.slotIndex), reason: 'Maintenance', ...(this.force ? { force: true } : {}) });
  }
  toString = () => `blackout(slot ${this.slotIndex % SLOTS.length}, venue ${this.venue % 2}${this.force ? ', force' : ''})`;
}

/** The times of a booking, to put an event exactly on it. */
const timesOf = (bookingId: number) => {
  const row = t.app.db.select().from(bookings).where(eq(bookings.id, bookingId)).get()!;
  return { start: row.startAt.toISOString(), end: row.endAt.toISOString() };
};

class CreateEvent extends Step {
  constructor(readonly booking: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.bookings, this.booking);
    if (id === undefined) return;
    const res = await call(w, `${this.toString()} = #${id}`, 'POST', '/v1/events', w.organizer, { title: `Model ${w.run}`, capacity: 2, bookingId: id, ...timesOf(id) });
    if (res.statusCode === 201) w.events.push(res.json().id);
  }
  toString = () => `createEvent(on booking ${this.booking})`;
}

class EventAction extends Step {
  constructor(readonly action: 'publish' | 'cancel', readonly event: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.events, this.event);
    if (id !== undefined) await call(w, `${this.toString()} = #${id}`, 'POST', `/v1/events/${id}/${this.action}`, w.organizer, {});
  }
  toString = () => `${this.action}Event(${this.event})`;
}

class MoveEvent extends Step {
  constructor(readonly event: number, readonly booking: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.events, this.event);
    const to = pick(w.bookings, this.booking);
    if (id !== undefined && to !== undefined) await call(w, `${this.toString()} = #${id} → #${to}`, 'PATCH', `/v1/events/${id}`, w.organizer, { bookingId: to, ...timesOf(to) });
  }
  toString = () => `moveEvent(${this.event} to booking ${this.booking})`;
}

class Register extends Step {
  constructor(readonly event: number) {
    super();
  }
  async act(w: World) {
    const id = pick(w.events, this.event);
    if (id === undefined) return;
    const n = ++w.registered;
    // An address and a client address of its own: the per-IP limit is not what this test is about.
    await call(w, `${this.toString()} = #${id}`, 'POST', `/v1/events/${id}/registrations`, {}, { name: `Person ${n}`, email: `m${w.run}-${n}@model.test` }, `10.${(w.run >> 8) & 255}.${w.run & 255}.${n}`);
  }
  toString = () => `register(event ${this.event})`;
}

/** What people do, weighted so that sequences reach published events with people registered. */
const steps = [
  { weight: 4, arbitrary: fc.tuple(fc.nat(5), fc.nat(1), fc.boolean()).map(([s, v, both]) => new RequestBooking(s, v, both)) },
  { weight: 4, arbitrary: fc.nat(7).map((b) => new Decide('approve', b)) },
  { weight: 1, arbitrary: fc.nat(7).map((b) => new Decide('decline', b)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('cancel-by-organizer', 'cancel-by-manager' as const), fc.nat(7)).map(([a, b]) => new Decide(a, b)) },
  { weight: 1, arbitrary: fc.nat(3).map((g) => new WithdrawGroup(g)) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(5), fc.nat(1), fc.boolean()).map(([s, v, force]) => new Blackout(s, v, force)) },
  { weight: 3, arbitrary: fc.nat(7).map((b) => new CreateEvent(b)) },
  { weight: 3, arbitrary: fc.nat(3).map((e) => new EventAction('publish', e)) },
  { weight: 1, arbitrary: fc.nat(3).map((e) => new EventAction('cancel', e)) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(3), fc.nat(7)).map(([e, b]) => new MoveEvent(e, b)) },
  { weight: 3, arbitrary: fc.nat(3).map((e) => new Register(e)) },
];

/** The three invariants, over one world; each failure says which rows break it. */
function checkInvariants(w: World): void {
  const venueIds = w.venues.map((v) => v.id);
  const approved = t.app.db.select().from(bookings).where(and(inArray(bookings.venueId, venueIds), eq(bookings.status, 'approved'))).all();
  for (const a of approved) {
    for (const b of approved) {
      if (a.id < b.id && a.venueId === b.venueId && a.startAt < b.endAt && b.startAt < a.endAt) throw new Error(`approved bookings #${a.id} and #${b.id} overlap at venue ${a.venueId}`);
    }
  }
  const mine = w.events.length ? t.app.db.select().from(events).where(inArray(events.id, w.events)).all() : [];
  for (const event of mine.filter((e) => e.status === 'published' && e.bookingId !== null)) {
    const on = approved.find((b) => b.id === event.bookingId);
    if (!on) throw new Error(`published event #${event.id} stands on booking #${event.bookingId}, which is not approved`);
    if (event.startAt < on.startAt || event.endAt > on.endAt) throw new Error(`published event #${event.id} is outside its booking #${on.id}`);
  }
  const people = mine.length ? t.app.db.select().from(registrations).where(inArray(registrations.eventId, w.events)).all() : [];
  const told = t.app.db.select({ to: emails.toAddress }).from(emails).where(and(eq(emails.kind, 'event-cancelled'), inArray(emails.toAddress, people.map((p) => p.email).concat('')))).all();
  for (const person of people) {
    const event = mine.find((e) => e.id === person.eventId)!;
    const times = told.filter((m) => m.to === person.email).length;
    // Confirmed and waitlisted people are told of a cancellation (someone who cancelled first is not).
    const expected = event.status === 'cancelled' && person.status !== 'cancelled' ? 1 : 0;
    if (times !== expected) throw new Error(`registrant ${person.email} (${person.status}) of ${event.status} event #${event.id} was told ${times} times, not ${expected}`);
  }
}

let runs = 0;

describe('bookings and events stay consistent whatever order things happen in (model-based)', () => {
  it(`holds the three invariants over ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands([fc.oneof(...steps)], { maxCommands: 30, size: 'max' }), async (commands) => {
        const run = ++runs;
        const parks = [await seedVenue(t.app, { capacity: 100 }), await seedVenue(t.app, { capacity: 100 })];
        const world: World = { run, venues: parks.map((p) => ({ id: p.venue.id, manager: p.manager.auth })), organizer: seedOrganizer(t.app).auth, bookings: [], groups: [], events: [], registered: 0, log: [] };
        await fc.asyncModelRun(() => ({ model: {}, real: world }), commands);
      }),
      { numRuns: RUNS, seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined },
    );
  }, 600_000);
});

import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { emails, registrations } from '../../src/db/schema.js';
import { testClock } from '../../src/time/clock.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { settle } from '../helpers/settle.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp({ REGISTRATION_HOLD: 'PT20M' });
afterAll(() => testClock.reset());

const HTML = { accept: 'text/html', 'accept-language': 'en' };
const mailsTo = (address: string) => t.app.db.select().from(emails).where(eq(emails.toAddress, address)).all();
const confirmPath = (address: string) => {
  const mail = mailsTo(address).filter((m) => m.kind === 'registration-held').at(-1)!;
  return new URL(/https?:\/\/\S+\/confirm/.exec(mail.text)![0]).pathname;
};
const statusOf = (id: number) => t.app.db.select().from(registrations).where(eq(registrations.id, id)).get()!.status;

describe('events that ask people to confirm their seat (confirmRegistrations)', () => {
  it('holds the seat until the mailed link is opened and its button pressed; the held seat counts as taken', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1, confirmRegistrations: true, language: 'en' });
    const first = await registerFor(t.app, event.id, 'Ann', 'ann@held.example');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'held', message: expect.stringContaining('open the link') });
    expect((await registerFor(t.app, event.id, 'Bo', 'bo@held.example')).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const mail = mailsTo('ann@held.example').find((m) => m.kind === 'registration-held')!;
    expect(mail.subject).toBe(`Confirm your seat: ${(await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().title}`);
    expect(mail.text).toContain('within 20 minutes');
    // Not checked in while unconfirmed.
    const door = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/checkins`, headers: organizer.auth, payload: { email: 'ann@held.example' } });
    expect(door.json()).toMatchObject({ status: 409, rule: 'no-seat' });

    // Opening the link (as a mail scanner would) changes nothing; the button confirms.
    const link = confirmPath('ann@held.example');
    const page = await t.app.inject({ method: 'GET', url: link, headers: HTML });
    expect(textOf(page)).toContain('Keep the seat held for Ann?');
    expect(statusOf(first.json().id)).toBe('held');
    const posted = await t.app.inject({ method: 'POST', url: link, headers: HTML });
    expect(posted.statusCode).toBe(303); // post/redirect/get
    const done = await t.app.inject({ method: 'GET', url: posted.headers.location as string, headers: HTML });
    expect(textOf(done)).toContain('Your seat is confirmed');
    expect(statusOf(first.json().id)).toBe('confirmed');
    expect(mailsTo('ann@held.example').map((m) => m.kind)).toEqual(['registration-held', 'registration-confirmed']);
    // Pressing it again is harmless.
    expect((await t.app.inject({ method: 'POST', url: link })).json()).toMatchObject({ status: 'confirmed' });
  });

  it('releases an unconfirmed seat after REGISTRATION_HOLD to the waitlist, whose first person must confirm in turn', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 1, confirmRegistrations: true, language: 'en' });
    const squatter = (await registerFor(t.app, event.id, 'Nobody', 'nobody@invented.example')).json();
    const real = (await registerFor(t.app, event.id, 'Cai', 'cai@held.example')).json();
    expect([squatter.status, real.status]).toEqual(['held', 'waitlisted']);
    await settle(t.app);

    testClock.advance(19 * 60_000);
    await settle(t.app);
    expect(statusOf(squatter.id)).toBe('held'); // not yet
    testClock.advance(61_000);
    await settle(t.app);
    expect(statusOf(squatter.id)).toBe('cancelled');
    expect(statusOf(real.id)).toBe('held');
    expect(mailsTo('cai@held.example').at(-1)!.text).toContain('freed up and is held for you');
    // The lapsed link says so.
    expect((await t.app.inject({ method: 'POST', url: confirmPath('nobody@invented.example'), headers: HTML })).statusCode).toBe(410);
    expect((await t.app.inject({ method: 'POST', url: confirmPath('cai@held.example') })).json()).toMatchObject({ status: 'confirmed' });
  });

  it('tells a visitor on the event page that the seat is held until they confirm', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 3, confirmRegistrations: true });
    const b = browser(t.app);
    await b.get(`/events/${event.id}`);
    const posted = await b.post(`/events/${event.id}/register`, { name: 'Dai', email: 'dai@held.example' });
    expect(posted.statusCode).toBe(303); // post/redirect/get: the event's page says how it went
    const res = await b.get(posted.headers.location as string);
    expect(textOf(res)).toContain('A seat is held for you: open the link we have just mailed you within 20 minutes');
  });

  it('seats people at once at events that do not ask (the default)', async () => {
    const { event } = await seedPublishedEvent(t.app, { capacity: 3 });
    expect((await registerFor(t.app, event.id, 'Eva', 'eva@held.example')).json()).toMatchObject({ status: 'confirmed' });
    expect((await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json()).toMatchObject({ confirmRegistrations: false });
  });
});

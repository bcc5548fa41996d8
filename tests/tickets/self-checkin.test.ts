import { afterAll, describe, expect, it } from 'vitest';
import { testClock } from '../../src/time/clock.js';
import { doorCode, eventDoorCode, ticketToken } from '../../src/codes/ticket-tokens.js';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { browser, textOf } from '../helpers/page-browser.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();
afterAll(() => testClock.reset());

describe('checking oneself in at the door', () => {
  it('the door poster leads to /events/:id/here, where email and the code under the ticket check a registrant in during the event window only', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 10, language: 'en' }, { daysAhead: 20 });
    await registerFor(t.app, event.id, 'Chen Yu', 'chen@example.org');
    const listed = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/registrations`, headers: organizer.auth })).json().items[0];
    const code = doorCode(t.app.deps.secretKey, listed.id);

    const poster = await browser(t.app).as(organizer.member.id).get(`/my/events/${event.id}/door`);
    expect(poster.statusCode).toBe(200);
    const door = eventDoorCode(t.app.deps.secretKey, event.id);
    expect(textOf(poster)).toContain(`Door code: ${door}`);
    expect(poster.body).toContain(`/events/${event.id}/here`);
    expect(poster.body).toContain('src="data:image/png;base64,');

    const visitor = browser(t.app);
    // The poster's QR carries the door code: the page keeps it without showing a field for it.
    const fromPoster = await visitor.get(`/events/${event.id}/here?door=${door}`);
    expect(fromPoster.body).toContain(`<input type="hidden" name="door" value="${door}">`);
    // Days before the event: the door is not open yet.
    const early = await visitor.post(`/events/${event.id}/here`, { door, email: 'chen@example.org', code });
    expect(early.statusCode).toBe(409);
    expect(textOf(early)).toContain('opens an hour before it starts');

    testClock.set(Date.parse(event.start) - 30 * 60_000); // half an hour before the start
    // From home, during the event: the ticket's own code is not enough without the door code.
    const fromHome = await visitor.post(`/events/${event.id}/here`, { email: 'chen@example.org', code });
    expect(fromHome.statusCode).toBe(400);
    expect(textOf(fromHome)).toContain('That is not this event’s door code');
    expect((await visitor.post(`/events/${event.id}/here`, { door: door === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA', email: 'chen@example.org', code })).statusCode).toBe(400);
    const wrong = await visitor.post(`/events/${event.id}/here`, { door, email: 'chen@example.org', code: code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA' });
    expect(wrong.statusCode).toBe(400);
    const stranger = await visitor.post(`/events/${event.id}/here`, { door, email: 'nobody@example.org', code });
    expect(textOf(stranger)).toBe(textOf(wrong).replace(/value="[^"]*"/g, '')); // the same answer: nobody learns who registered
    const ok = await visitor.post(`/events/${event.id}/here`, { door: door.toLowerCase(), email: ' CHEN@example.org ', code: code.toLowerCase() });
    expect(ok.statusCode).toBe(200);
    expect(textOf(ok)).toContain('Welcome, Chen Yu: you are checked in.');
    const again = await visitor.post(`/events/${event.id}/here`, { door, email: 'chen@example.org', code });
    expect(textOf(again)).toContain('you were already checked in');
    const attendance = (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}/attendance`, headers: organizer.auth })).json();
    expect(attendance.checkedIn).toBe(1);

    testClock.set(Date.parse(event.end) + 60_000); // after the end
    const late = await visitor.post(`/events/${event.id}/here`, { door, email: 'chen@example.org', code });
    expect(late.statusCode).toBe(409);
  });

  it('the ticket page offers “Check me in” while the door is open, and it needs the door code from the poster', async () => {
    // Later than the first test's event: the clock only moves forward.
    const { event } = await seedPublishedEvent(t.app, { capacity: 10, language: 'en' }, { daysAhead: 30 });
    await registerFor(t.app, event.id, 'Li Na', 'lina@example.org');
    const row = t.app.db.select().from((await import('../../src/db/schema.js')).registrations).all().find((r) => r.email === 'lina@example.org')!;
    const token = ticketToken(t.app.deps.secretKey, row.id);
    const visitor = browser(t.app);
    testClock.set(Date.parse(event.start) - 10 * 60_000);
    const page = await visitor.get(`/tickets/${token}`);
    expect(page.body).toContain(`action="/tickets/${token}/checkin"`);
    expect(textOf(page)).toContain('Door code (on the poster at the entrance)');
    // At home with the ticket, during the event: refused, and nobody is counted as there.
    const fromHome = await visitor.post(`/tickets/${token}/checkin`);
    expect(fromHome.statusCode).toBe(400);
    expect(textOf(fromHome)).toContain('That is not this event’s door code');
    expect(t.app.db.select().from((await import('../../src/db/schema.js')).registrations).all().find((r) => r.id === row.id)!.status).toBe('confirmed');
    const done = await visitor.follow(await visitor.post(`/tickets/${token}/checkin`, { door: eventDoorCode(t.app.deps.secretKey, event.id) }));
    expect(textOf(done)).toContain('Welcome, Li Na: you are checked in.');
    expect(textOf(done)).toContain('checked in');
    expect(done.body).not.toContain(`action="/tickets/${token}/checkin"`);
  });
});

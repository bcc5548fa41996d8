import { describe, expect, it } from 'vitest';
import { registerFor, seedPublishedEvent } from '../helpers/event-fixtures.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { seedOrganizer } from '../helpers/venue-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();

async function inviteLinks(email: string) {
  const mail = await waitFor(() => t.sink.mailTo(email).find((m) => m.subject?.startsWith('Invitation:')), `invitation to ${email}`);
  const [accept, decline] = [...mail.text!.matchAll(/http:\/\/chuanglian\.test(\/invitations\/\S+)/g)].map((m) => m[1]!);
  return { accept: accept!, decline: decline! };
}

describe('guest and speaker invitations', () => {
  it('seats an invitee only once they accept, through the link in their mail, once', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 2, language: 'en' });
    const invited = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: organizer.auth, payload: { name: 'Dr. Lin', email: 'lin@uni.example', role: 'speaker' } });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ role: 'speaker', status: 'invited' });
    const seatsLeft = async () => (await t.app.inject({ method: 'GET', url: `/v1/events/${event.id}` })).json().seatsLeft;
    expect(await seatsLeft()).toBe(2);

    const { accept } = await inviteLinks('lin@uni.example');
    expect((await t.app.inject({ method: 'GET', url: accept, headers: { accept: 'text/html' } })).body).toContain('<form method="post">');
    expect(await seatsLeft()).toBe(2);
    const answered = await t.app.inject({ method: 'POST', url: accept });
    expect(answered.json()).toMatchObject({ invitation: { status: 'accepted' }, registration: { status: 'confirmed', kind: 'guest' } });
    expect(await seatsLeft()).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: accept })).statusCode).toBe(410);
  });

  it('frees nothing and seats nobody when the invitee declines', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app, { capacity: 1, language: 'en' });
    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: organizer.auth, payload: { name: 'Guest', email: 'guest@example.org' } });
    const { decline } = await inviteLinks('guest@example.org');
    expect((await t.app.inject({ method: 'POST', url: decline })).json()).toMatchObject({ invitation: { status: 'declined' }, registration: null });
    expect((await registerFor(t.app, event.id, 'Public', 'public@example.org')).json().status).toBe('confirmed');
  });

  it('lets only the organizers invite, and each address once', async () => {
    const { event, organizer } = await seedPublishedEvent(t.app);
    const stranger = seedOrganizer(t.app);
    const payload = { name: 'X', email: 'x@example.org' };
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: stranger.auth, payload })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: organizer.auth, payload })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/invitations`, headers: organizer.auth, payload })).json()).toMatchObject({ status: 409, field: 'email' });
  });
});

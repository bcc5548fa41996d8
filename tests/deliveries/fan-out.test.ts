import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel, deliveriesOf, publishOnlineEvent, STANDARD_SCENARIO_RESULT, standardScenario } from '../helpers/channel-fixtures.js';
import { startReceiver, type Answer, type ReceivedRequest } from '../helpers/http-receiver.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { testClock } from '../../src/time/clock.js';
import { settle } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait-for.js';

/** Each test gives its receiver path a behaviour: the answer to the n-th request on that path. */
const behaviours = new Map<string, (n: number) => Answer>();
const seen = new Map<string, number>();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver((request) => {
    const n = seen.get(request.path) ?? 0;
    seen.set(request.path, n + 1);
    return behaviours.get(request.path)?.(n) ?? { status: 200 };
  });
});
afterAll(() => receiver.close());
afterAll(() => testClock.reset());

const t = useTestAppWithMail({ CHANNEL_ALLOW_HOSTS: '127.0.0.1', DELIVERY_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '50' });

const requestsTo = (path: string, eventId: number): ReceivedRequest[] =>
  receiver.requests.filter((r) => r.path === path && (r.json as { data?: { eventId?: number } })?.data?.eventId === eventId);

/** Waits until the event's announcements are fanned out and none of their deliveries is pending. */
async function settled(eventId: number, auth: Record<string, string>, announcements = 1) {
  return waitFor(async () => {
    const listed = (await t.app.inject({ method: 'GET', url: `/v1/announcements?eventId=${eventId}`, headers: auth })).json().items as Array<{ fannedOutAt: string | null }>;
    if (listed.length < announcements || listed.some((a) => !a.fannedOutAt)) return false;
    const rows = await deliveriesOf(t.app, eventId, auth);
    return rows.every((row) => row.status !== 'pending') && rows;
  }, `deliveries of event ${eventId} settled`);
}

const to = (rows: Awaited<ReturnType<typeof deliveriesOf>>, channelId: number) => rows.filter((row) => row.targetId === channelId);

describe('announcement fan-out to channels (inline jobs)', () => {
  it('delivers a published event to a signed webhook and a mailing list', async () => {
    const { channel: hook } = await addChannel(t.app, { kind: 'webhook', name: 'Yangpu hub', config: { url: `${receiver.url}/hub` } });
    const { channel: list } = await addChannel(t.app, { kind: 'email', name: 'Founders list', config: { address: 'founders-list@example.org' } });

    const { event, organizer } = await publishOnlineEvent(t.app, { title: 'Seed-stage legal clinic', topics: ['legal'] });
    const rows = await settled(event.id, organizer.auth);
    expect(to(rows, hook.id)[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(to(rows, list.id)[0]).toMatchObject({ status: 'sent', attempts: 1 });

    const [request] = requestsTo('/hub', event.id);
    // Verified with the spec's reference implementation, not our signer.
    const verified = new Webhook(hook.generatedSecret!).verify(request!.body, request!.headers as Record<string, string>) as { type: string; data: { title: string; url: string } };
    expect(verified).toMatchObject({ type: 'event.published', data: { title: 'Seed-stage legal clinic', url: `http://chuanglian.test/events/${event.id}` } });
    expect(request!.headers['webhook-id']).toBe(`delivery-${to(rows, hook.id)[0]!.id}`);

    const mail = await t.sink.waitForMailTo('founders-list@example.org');
    expect(mail.subject).toBe('New event: Seed-stage legal clinic');
  });

  it('retries a failing receiver with backoff, keeping the webhook-id, until it answers', async () => {
    behaviours.set('/flaky', (n) => (n < 2 ? { status: 503, body: 'busy' } : { status: 200 }));
    const { channel } = await addChannel(t.app, { kind: 'webhook', topics: ['retry-test'], config: { url: `${receiver.url}/flaky` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['retry-test'] });
    expect(to(await settled(event.id, organizer.auth), channel.id)[0]).toMatchObject({ status: 'sent', attempts: 3 });
    const requests = requestsTo('/flaky', event.id);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('dead-letters after the last attempt; a manual retry sends it once the receiver is fixed', async () => {
    let broken = true;
    behaviours.set('/broken', () => (broken ? { status: 500, body: 'broken' } : { status: 200 }));
    const { channel, coordinator } = await addChannel(t.app, { kind: 'webhook', topics: ['dead-test'], config: { url: `${receiver.url}/broken` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['dead-test'] });
    const [dead] = to(await settled(event.id, organizer.auth), channel.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500: broken' });

    broken = false;
    const retried = await t.app.inject({ method: 'POST', url: `/v1/deliveries/${dead!.id}/retry`, headers: coordinator.auth });
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(to(await settled(event.id, organizer.auth), channel.id)[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(new Set(requestsTo('/broken', event.id).map((r) => r.headers['webhook-id'])).size).toBe(1);
    const again = await t.app.inject({ method: 'POST', url: `/v1/deliveries/${dead!.id}/retry`, headers: coordinator.auth });
    expect(again.json()).toMatchObject({ status: 409, rule: 'not-dead' });
  });

  it('switches a channel off when its receiver answers 410 Gone', async () => {
    behaviours.set('/gone', () => ({ status: 410 }));
    const { channel, coordinator } = await addChannel(t.app, { kind: 'webhook', topics: ['gone-test'], config: { url: `${receiver.url}/gone` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['gone-test'] });
    expect(to(await settled(event.id, organizer.auth), channel.id)[0]).toMatchObject({ status: 'dead', attempts: 1 });
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/channels', headers: coordinator.auth })).json().items.find((c: { id: number }) => c.id === channel.id);
    expect(listed).toMatchObject({ active: false, disabledReason: expect.stringContaining('410') });
    const next = await publishOnlineEvent(t.app, { topics: ['gone-test'] });
    expect(to(await settled(next.event.id, next.organizer.auth), channel.id)).toEqual([]);
  });

  it('skips the deliveries of a channel switched off while they wait for a retry; they never go out', async () => {
    behaviours.set('/off', () => ({ status: 503, headers: { 'retry-after': '3600' } }));
    const { channel, coordinator } = await addChannel(t.app, { kind: 'webhook', topics: ['off-test'], config: { url: `${receiver.url}/off` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['off-test'] });
    await waitFor(async () => to(await deliveriesOf(t.app, event.id, organizer.auth), channel.id)[0]?.attempts === 1, 'the first attempt failed');
    const off = await t.app.inject({ method: 'PATCH', url: `/v1/channels/${channel.id}`, headers: coordinator.auth, payload: { active: false } });
    expect(off.json()).toMatchObject({ active: false });
    expect(to(await deliveriesOf(t.app, event.id, organizer.auth), channel.id)).toEqual([expect.objectContaining({ status: 'skipped', lastError: 'channel switched off' })]);
    // The retry was due in an hour: two hours on, nothing more reached the receiver.
    testClock.advance(2 * 3_600_000);
    await settle(t.app);
    expect(requestsTo('/off', event.id)).toHaveLength(1);
    expect(to(await deliveriesOf(t.app, event.id, organizer.auth), channel.id)[0]).toMatchObject({ status: 'skipped' });
  });

  it('honours Retry-After on 429', async () => {
    behaviours.set('/slow', (n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const { channel } = await addChannel(t.app, { kind: 'webhook', topics: ['slow-test'], config: { url: `${receiver.url}/slow` } });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['slow-test'] });
    expect(to(await settled(event.id, organizer.auth), channel.id)[0]!.status).toBe('sent');
    const [first, second] = requestsTo('/slow', event.id);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('sends only to channels whose topics match; a cancellation goes to the same channels', async () => {
    const { channel } = await addChannel(t.app, { kind: 'webhook', topics: ['deep-tech'], config: { url: `${receiver.url}/deep-tech` } });
    const other = await publishOnlineEvent(t.app, { topics: ['retail'] });
    const { event, organizer } = await publishOnlineEvent(t.app, { topics: ['Deep-Tech'] });
    expect(to(await settled(event.id, organizer.auth), channel.id)).toHaveLength(1);
    expect(to(await settled(other.event.id, other.organizer.auth), channel.id)).toEqual([]);

    await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/cancel`, headers: organizer.auth, payload: {} });
    await settled(event.id, organizer.auth, 2);
    expect(requestsTo('/deep-tech', event.id).map((r) => (r.json as { type: string }).type)).toEqual(['event.published', 'event.cancelled']);
  });

  it('ends the standard scenario exactly as the BullMQ driver does', async () => {
    expect(await standardScenario(t.app, receiver.url)).toEqual(STANDARD_SCENARIO_RESULT);
  });
});

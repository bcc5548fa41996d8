import type { App } from '../../src/app.js';
import { seedMember } from './test-app.js';
import { seedOrganizer, slot } from './venue-fixtures.js';
import { waitFor } from './wait-for.js';

/** Registers a channel as a fresh coordinator; returns the created channel (with any generated secret). */
export async function addChannel(app: App, body: Record<string, unknown>) {
  const coordinator = seedMember(app, 'coordinator');
  const res = await app.inject({ method: 'POST', url: '/v1/channels', headers: coordinator.auth, payload: { name: `Channel ${Date.now()}`, ...body } });
  if (res.statusCode !== 201) throw new Error(`channel creation answered ${res.statusCode}: ${res.body}`);
  return { channel: res.json<{ id: number; generatedSecret?: string }>(), coordinator };
}

let day = 2;

/** Publishes an online event (no booking needed), each on a day of its own. */
export async function publishOnlineEvent(app: App, event: Record<string, unknown> = {}) {
  const organizer = seedOrganizer(app);
  const times = slot(day++, '19:00', '20:00');
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: organizer.auth,
    payload: { title: 'Founder fireside chat', capacity: 100, onlineUrl: 'https://live.example/room', language: 'en', ...times, ...event },
  });
  if (draft.statusCode !== 201) throw new Error(`event creation answered ${draft.statusCode}: ${draft.body}`);
  const published = await app.inject({ method: 'POST', url: `/v1/events/${draft.json().id}/publish`, headers: organizer.auth });
  if (published.statusCode !== 200) throw new Error(`publishing answered ${published.statusCode}: ${published.body}`);
  return { event: published.json<{ id: number; title: string }>(), organizer };
}

/** The deliveries of an event's announcements, as the API shows them to its organizer. */
export async function deliveriesOf(app: App, eventId: number, auth: Record<string, string>) {
  const announcements = (await app.inject({ method: 'GET', url: `/v1/announcements?eventId=${eventId}`, headers: auth })).json().items as Array<{ id: number; kind: string }>;
  const all = [];
  for (const announcement of announcements) {
    const page = (await app.inject({ method: 'GET', url: `/v1/announcements/${announcement.id}/deliveries?limit=200`, headers: auth })).json();
    all.push(...(page.items as Array<{ id: number; targetType: string; targetId: number; status: string; attempts: number; lastError: string | null; remoteId: string | null }>));
  }
  return all;
}

/**
 * The same small story on either driver: a webhook and a mailing list take topic `scenario`,
 * one event is published, and the deliveries end as the API lists them (normalised).
 */
export async function standardScenario(app: App, receiverUrl: string) {
  const { channel: hook } = await addChannel(app, { kind: 'webhook', name: 'scenario-hook', topics: ['scenario'], config: { url: `${receiverUrl}/scenario` } });
  const { channel: list } = await addChannel(app, { kind: 'email', name: 'scenario-list', topics: ['scenario'], config: { address: 'scenario-list@example.org' } });
  const { event, organizer } = await publishOnlineEvent(app, { topics: ['scenario'] });
  const names = new Map([
    [hook.id, 'webhook'],
    [list.id, 'email'],
  ]);
  const rows = await waitFor(async () => {
    const all = (await deliveriesOf(app, event.id, organizer.auth)).filter((row) => names.has(row.targetId));
    return all.length === 2 && all.every((row) => row.status !== 'pending') && all;
  }, 'scenario deliveries settled', 30_000);
  return rows.map((row) => ({ channel: names.get(row.targetId), status: row.status, attempts: row.attempts })).sort((a, b) => a.channel!.localeCompare(b.channel!));
}

export const STANDARD_SCENARIO_RESULT = [
  { channel: 'email', status: 'sent', attempts: 1 },
  { channel: 'webhook', status: 'sent', attempts: 1 },
];

import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../src/db/schema.js';
import { confirmUrl } from '../../src/subscribers/subscriber-links.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { settle } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait-for.js';

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  // The mailbox of gone@ no longer exists: notices to it are refused for good (550).
  sink = await startSmtpSink({ refuse: (_n, to) => (to.includes('gone@founder.example') ? 550 : undefined) });
  t = await startTestApp({ SMTP_URL: sink.url, BOUNCE_LIMIT: '2' });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

async function confirmedSubscriber(email: string) {
  await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email, language: 'en' } });
  // The confirmation itself is refused too; confirm through the link the outbox holds.
  const row = await waitFor(() => t.app.db.select().from(subscribers).all().find((s) => s.email === email), 'subscriber row');
  await t.app.inject({ method: 'POST', url: confirmUrl({ secretKey: t.app.secretKey, publicUrl: '' }, row.id, row.confirmVersion) });
}

it('marks an address bouncing after BOUNCE_LIMIT permanent refusals, and sends it nothing more', async () => {
  await confirmedSubscriber('gone@founder.example');
  const subscriber = () => t.app.db.select().from(subscribers).all().find((s) => s.email === 'gone@founder.example')!;
  expect(subscriber().status).toBe('confirmed');

  for (const title of ['First', 'Second']) {
    await publishOnlineEvent(t.app, { title });
  }
  await waitFor(() => subscriber().status === 'bouncing', 'bouncing after two permanent refusals');
  expect(subscriber().bounces).toBe(2);
  const refusedBefore = sink.refused.length;

  await publishOnlineEvent(t.app, { title: 'Third' });
  await waitFor(() => t.app.db.select().from(deliveries).all().length >= 2, 'deliveries written');
  await settle(t.app);
  expect(sink.refused.length).toBe(refusedBefore);
  const dead = t.app.db.select().from(deliveries).all().filter((d) => d.targetId === subscriber().id);
  expect(dead.map((d) => d.status)).toEqual(['dead', 'dead']);
});

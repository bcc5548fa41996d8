import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../src/logging/masked-stream.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedCentreWithService, reserveConfirmed } from '../helpers/green-channel-fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { DateTime } from 'luxon';

describe('maskPersonalData', () => {
  it('masks addresses (also percent-encoded) and mainland mobile numbers, and nothing else', () => {
    expect(maskPersonalData('{"msg":"550 <Wu.Fei+x@Example.org.cn> refused","url":"/v1/privacy/export?email=wu%40example.org"}')).toBe('{"msg":"550 <[address]> refused","url":"/v1/privacy/export?email=[address]"}');
    for (const mobile of ['+8613800138000', '13800138000', '138 0013 8000', '138-0013-8000', '%2B8613800138000', '+86 13800138000']) {
      expect(maskPersonalData(`{"to":"${mobile}"}`), mobile).toBe('{"to":"[mobile]"}');
    }
    const untouched = '{"level":30,"time":1764532800000,"reqId":"req-13800","eventId":13800138000123,"at":"2026-11-30T13:00:00.000Z","token":"eyJ1IjoxMzgwMDEzODAwMH0.abc","ip":"10.13.8.1"}';
    expect(maskPersonalData(untouched)).toBe(untouched);
  });
});

describe('log lines of the service', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const lines: string[] = [];
  beforeAll(async () => {
    // The first message is refused, so a sending error (which quotes the recipient) is logged too.
    sink = await startSmtpSink({ refuse: (index) => (index === 0 ? 550 : undefined) });
    t = await startTestApp({ SMTP_URL: sink.url }, { logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('never hold an address or a mobile number, through registering, subscribing, reserving, sending and a privacy request', async () => {
    const coordinator = seedMember(t.app, 'coordinator');
    const { event } = await seedPublishedEvent(t.app, { askMobile: 'optional' });
    const people = ['zhao.lei@example.org', 'qian.yu@example.org', 'sun.mei@example.org'];
    for (const [i, email] of people.entries()) {
      const made = await t.app.inject({ method: 'POST', url: `/v1/events/${event.id}/registrations`, payload: { name: `Person ${i}`, email, mobile: `1390013900${i}` }, remoteAddress: `10.0.0.${i + 1}` });
      expect(made.statusCode, made.body).toBe(201);
    }
    expect((await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email: 'li.ping@example.org' } })).statusCode).toBe(202);
    const { centre, service } = await seedCentreWithService(t.app, coordinator.auth, 'licence');
    const start = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1, days: 2, hours: 9 }).toISO();
    const reserved = await reserveConfirmed(t.app, { serviceId: service.id, centreId: centre.id, start, name: 'Zhou Min', email: 'zhou.min@example.org', phone: '+86 137 0013 7000' });
    expect(reserved.statusCode, reserved.body).toBe(201);
    await waitFor(() => sink.messages.length >= 5 && sink.refused.length === 1, 'the mails, one refused');
    const asked = await t.app.inject({ method: 'GET', url: '/v1/privacy/export?email=zhao.lei%40example.org', headers: coordinator.auth });
    expect(asked.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/privacy/erase', headers: coordinator.auth, payload: { mobile: '139 0013 9001' } })).statusCode).toBe(200);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    for (const needle of [...people, 'li.ping@example.org', 'zhou.min@example.org', 'example.org', '1390013900', '13700137000', '137 0013 7000']) {
      expect(log.includes(needle), `a log line holds ${needle}`).toBe(false);
    }
    // It was needed: the request URL was logged, masked.
    expect(log).toContain('/v1/privacy/export?email=[address]');
  });
});

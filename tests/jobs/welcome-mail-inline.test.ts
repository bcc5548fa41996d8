import { afterEach, describe, expect, it } from 'vitest';
import { admitViaApi, emailRowTo, startTestApp, type TestApp } from '../helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

let t: TestApp | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await t?.close();
  await sink?.close();
});

describe('welcome mail with inline jobs (no Redis)', () => {
  it('reaches a real SMTP server and the outbox row ends sent', async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url });
    await admitViaApi(t.app, { name: 'Liu Yang', email: 'liu@example.org', language: 'en' });

    const mail = await sink.waitForMailTo('liu@example.org');
    expect(mail.subject).toBe('Welcome to chuanglian, Liu Yang');
    expect(mail.text).toContain('http://chuanglian.test/docs');
    const row = await waitFor(() => emailRowTo(t!.app, 'liu@example.org')?.status === 'sent' && emailRowTo(t!.app, 'liu@example.org'), 'row sent');
    expect(row).toMatchObject({ attempts: 1, lastError: null, messageId: expect.any(String) });
  });

  it('writes the mail in the member’s language', async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url });
    await admitViaApi(t.app, { name: 'Liu Yang', email: 'zhou@example.org', language: 'zh-CN' });
    const mail = await sink.waitForMailTo('zhou@example.org');
    expect(mail.subject).toBe('欢迎加入创联，Liu Yang');
  });

  it('retries a temporary refusal with backoff and records the attempts', async () => {
    let refusals = 0;
    sink = await startSmtpSink({ refuse: (_n, to) => (to.includes('retry@example.org') && refusals++ < 2 ? 421 : undefined) });
    t = await startTestApp({ SMTP_URL: sink.url, JOB_ATTEMPTS: '5' });
    await admitViaApi(t.app, { name: 'Liu Yang', email: 'retry@example.org', language: 'en' });
    await sink.waitForMailTo('retry@example.org');
    const row = await waitFor(() => emailRowTo(t!.app, 'retry@example.org')?.status === 'sent' && emailRowTo(t!.app, 'retry@example.org'), 'row sent');
    expect(sink.refused).toEqual([
      { code: 421, to: ['retry@example.org'] },
      { code: 421, to: ['retry@example.org'] },
    ]);
    expect(row.attempts).toBe(3);
  });

  it('dead-letters a mail the server refuses permanently, without retrying', async () => {
    sink = await startSmtpSink({ refuse: (_n, to) => (to.includes('nobody@example.org') ? 550 : undefined) });
    t = await startTestApp({ SMTP_URL: sink.url, JOB_ATTEMPTS: '5' });
    await admitViaApi(t.app, { name: 'Liu Yang', email: 'nobody@example.org', language: 'en' });
    const row = await waitFor(() => emailRowTo(t!.app, 'nobody@example.org')?.status === 'dead' && emailRowTo(t!.app, 'nobody@example.org'), 'row dead');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/550/);
    expect(sink.refused).toEqual([{ code: 550, to: ['nobody@example.org'] }]);
  });

  it('writes mail as .eml files when no SMTP_URL is configured', async () => {
    t = await startTestApp();
    await admitViaApi(t.app, { name: 'Liu Yang', email: 'file@example.org', language: 'en' });
    await waitFor(() => emailRowTo(t!.app, 'file@example.org')?.status === 'sent', 'row sent');
    const fs = await import('node:fs');
    const files = fs.readdirSync(t.config.mailDir).filter((name) => name.endsWith('.eml'));
    const contents = files.map((name) => fs.readFileSync(`${t!.config.mailDir}/${name}`, 'utf8'));
    expect(contents.some((content) => content.includes('To: file@example.org'))).toBe(true);
  });

  it('sends a mail committed while the service was down once it starts (outbox)', async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url });
    // Written straight to the database, as the CLI does while no service runs.
    const { createOrganization } = await import('../../src/organizations/organizations-service.js');
    const { createMember } = await import('../../src/members/members-service.js');
    const org = createOrganization(t.app.deps, { name: 'Offline Org', kind: 'incubator' });
    createMember(t.app.deps, org.id, { name: 'Offline', email: 'offline@example.org', role: 'organizer' });
    // No kick: the relay's sweep finds it.
    const mail = await sink.waitForMailTo('offline@example.org');
    expect(mail.subject).toBe('欢迎加入创联，Offline');
  });
});

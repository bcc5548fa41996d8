import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { digestRuns, emails } from '../../src/db/schema.js';
import { settle } from '../helpers/settle.js';
import { nextDigestAt } from '../../src/subscribers/weekly-digest.js';
import { publishOnlineEvent } from '../helpers/channel-fixtures.js';
import { useTestAppWithMail } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-for.js';

const t = useTestAppWithMail();
const shanghai = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();

describe('weekly digest', () => {
  it('is planned for the configured weekday and time in Asia/Shanghai', () => {
    expect(nextDigestAt(shanghai('2026-12-01T10:00'), 1, '09:00')).toBe(shanghai('2026-12-07T09:00'));
    expect(nextDigestAt(shanghai('2026-12-07T08:59'), 1, '09:00')).toBe(shanghai('2026-12-07T09:00'));
    expect(nextDigestAt(shanghai('2026-12-07T09:00'), 1, '09:00')).toBe(shanghai('2026-12-14T09:00'));
    expect(nextDigestAt(shanghai('2026-12-05T23:30'), 7, '18:30')).toBe(shanghai('2026-12-06T18:30'));
  });

  it('mails a weekly subscriber one digest of the matching events, instead of a notice each; an empty one is not sent', async () => {
    const email = 'weekly@founder.example';
    await t.app.inject({ method: 'POST', url: '/v1/subscribers', payload: { email, language: 'en', cadence: 'weekly', topics: ['hardware'] } });
    const confirmation = await waitFor(() => t.sink.mailTo(email)[0], 'confirmation');
    await t.app.inject({ method: 'POST', url: confirmation.text!.match(/http:\/\/chuanglian\.test(\S+confirm\?token=\S+)/)![1]! });

    await publishOnlineEvent(t.app, { title: 'Maker night', topics: ['hardware'] });
    await publishOnlineEvent(t.app, { title: 'PCB clinic', topics: ['hardware'] });
    await publishOnlineEvent(t.app, { title: 'Fashion retail', topics: ['retail'] });

    const runNow = async () => {
      const run = t.app.db.insert(digestRuns).values({ dueAt: new Date() }).returning().get();
      t.app.outbox.kick();
      await waitFor(() => t.app.db.select().from(digestRuns).all().find((r) => r.id === run.id)?.doneAt, 'digest run done');
      await t.app.outbox.flush();
    };
    await runNow();
    const digest = await waitFor(() => t.sink.mailTo(email).find((m) => m.subject?.startsWith("This week's founder events")), 'the digest');
    expect(digest.subject).toBe("This week's founder events in Wujiaochang (2)");
    expect(digest.text).toContain('Maker night');
    expect(digest.text).toContain('PCB clinic');
    expect(digest.text).not.toContain('Fashion retail');
    expect(digest.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    // No instant notices for a weekly subscriber.
    expect(t.sink.mailTo(email).filter((m) => m.subject?.startsWith('New event'))).toEqual([]);

    await runNow();
    await settle(t.app);
    expect(t.app.db.select().from(emails).where(eq(emails.toAddress, email)).all().filter((m) => m.kind === 'digest')).toHaveLength(1);
    expect(t.sink.mailTo(email).filter((m) => m.subject?.startsWith("This week's"))).toHaveLength(1);
  });
});

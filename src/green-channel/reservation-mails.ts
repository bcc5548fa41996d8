import type { reservations, serviceCentres, serviceItems } from '../db/schema.js';
import { calendar } from '../events/event-ics.js';
import { counterToken, reservationLink } from './reservation-links.js';
import { inLanguage } from '../i18n/bilingual.js';
import { html, markupOf } from '../http/html.js';
import { spokenSpan } from '../i18n/spoken.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { composeMail, wordsIn } from '../mail/templates/common.js';

/**
 * A reservation made and held: the link to confirm it within `minutes`, and nothing else (no
 * number, no QR), so an address typed by someone else gets one short mail it can ignore.
 */
export function reservationHoldMail(deps: { secretKey: string; publicUrl: string }, row: typeof reservations.$inferSelect, item: typeof serviceItems.$inferSelect, minutes: number): OutgoingMail {
  const say = wordsIn(row.language);
  const service = inLanguage(item.name, row.language);
  return composeMail(row.email, row.language, say('mailReservationHoldSubject', { service }), [
    say('mailHello', { name: row.name }),
    '',
    say('mailReservationHoldBody', { service, minutes, url: reservationLink(deps, row.id, row.endAt) }),
    '',
    say('mailReservationHoldIgnore'),
  ]);
}

/**
 * A reservation confirmed, in the person's language: the service, where and when (the centre's
 * zone), what to bring, the number to say at the counter, its QR shown inline, and the slot as .ics.
 */
export function reservationMail(
  deps: { secretKey: string; publicUrl: string },
  row: typeof reservations.$inferSelect,
  item: typeof serviceItems.$inferSelect,
  centre: typeof serviceCentres.$inferSelect,
  /** The confirmation (or, after a move, its replacement), or the reminder before the slot. */
  kind: 'confirmation' | 'reminder' = 'confirmation',
): OutgoingMail {
  const language = row.language;
  const say = wordsIn(language);
  const service = inLanguage(item.name, language);
  const when = spokenSpan({ start: row.startAt.getTime(), end: row.endAt.getTime(), zone: centre.timezone }, language);
  const bring = inLanguage(item.bring, language);
  const lines = [
    say('mailHello', { name: row.name }),
    '',
    say(kind === 'reminder' ? 'mailReservationReminderBody' : 'mailReservationBody', { service }),
    say('mailWhen', { when }),
    say('mailReservationWhere', { centre: centre.name, address: centre.address ?? '' }),
    ...(bring ? [say('mailReservationBring', { bring })] : []),
    '',
    say('mailReservationNumber', { number: row.number }),
    say('mailReservationManage', { url: reservationLink(deps, row.id, row.endAt) }),
  ];
  const subject =
    kind === 'reminder'
      ? say('mailReservationReminderSubject', { service, number: row.number })
      : row.sequence > 0
        ? `${say('mailReservationMoved', { service })} · ${row.number}`
        : say('mailReservationSubject', { number: row.number, service });
  const mail = composeMail(row.email, language, subject, lines);
  const page = html`<div style="font-family:sans-serif;line-height:1.5">${mail.text.split('\n').map((line) => (line ? html`<p style="margin:0">${line}</p>` : html`<br>`))}
<p><img src="cid:counter-qr" alt="${row.number}" width="220" height="220"><br><strong lang="zxx" style="font-size:1.3em;letter-spacing:.2em">${row.number}</strong></p></div>`;
  const ics = calendar(
    [
      {
        uid: `reservation-${row.id}@${new URL(deps.publicUrl).hostname}`,
        sequence: row.sequence,
        start: row.startAt,
        end: row.endAt,
        stamp: row.updatedAt,
        summary: `${service} · ${row.number}`,
        description: bring || null,
        location: [centre.name, centre.address].filter(Boolean).join(', '),
        url: deps.publicUrl,
        cancelled: false,
        topics: [],
      },
    ],
    service,
  );
  return {
    ...mail,
    html: markupOf(page),
    attachments: [
      { filename: 'reservation.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
      { filename: 'counter.png', cid: 'counter-qr', qr: counterToken(deps.secretKey, row.id), scale: 8 },
    ],
  };
}

import type { FastifyContextConfig, FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { Type } from 'typebox';
import { cancelReservation, confirmReservation, moveReservation, reservationPage } from '../../green-channel/reservation-changes.js';
import { limitPerHour } from '../../http/rate-limit.js';
import { readReservationLink } from '../../green-channel/reservation-links.js';
import { bookableDate, daySlots } from '../../green-channel/slots.js';
import { html, type HtmlPart } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { nowMs } from '../../time/clock.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { notice, say, sendPage, timeRange, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** The link in the mail is the key: no sign-in, no form token. */
const config: FastifyContextConfig = { access: 'public', html: true, page: 'public', signedLink: true };
const MoveBody = Type.Object({ start: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

/**
 * A reservation's personal page (`/reservations/:token`, from its mail): what, where and when, and
 * — while held, confirming it (the link's proof that the address is the person's) or cancelling it;
 * while confirmed, cancelling it or moving it to a free slot of another time or day.
 */
export const reservationPages: FastifyPluginAsync = async (app) => {
  const deps = () => ({ ...app.deps, daysAhead: app.config.greenChannelDaysAhead });

  function page(visitor: Visitor, token: string, day: string | undefined, message: HtmlPart = '') {
    const { reservation, item, centre } = reservationPage(app.db, readReservationLink(app.secretKey, token));
    const service = inLanguage(item.name, visitor.language);
    const facts = html`<p><strong>${service}</strong><br>${timeRange(reservation.start, reservation.end, visitor.language, centre.timezone)}<br>${centre.name}${centre.address ? ` · ${centre.address}` : ''}</p>
<p>${say(visitor, `rst_${reservation.status}`)} · <strong lang="zxx">${reservation.number}</strong></p>`;
    const title = words(visitor, 'reservationTitle', { number: reservation.number });
    if (reservation.status === 'held') {
      const until = DateTime.fromISO(reservation.holdExpiresAt!).setZone(centre.timezone).toFormat('HH:mm');
      const body = html`${message}${facts}<p>${say(visitor, 'reservationHeldUntil', { time: until })}</p>
<form method="post" action="/reservations/${token}/confirm"><p><button class="primary">${say(visitor, 'reservationConfirm')}</button></p></form>
<form method="post" action="/reservations/${token}/cancel"><p><button class="danger">${say(visitor, 'reservationCancel')}</button></p></form>`;
      return { title, body };
    }
    if (reservation.status !== 'confirmed') return { title, body: html`${message}${facts}` };
    const date = day ?? DateTime.fromISO(reservation.start, { setZone: true }).toISODate()!;
    let slots: HtmlPart;
    try {
      const free = daySlots(app.db, item, centre, bookableDate(centre, date, app.config.greenChannelDaysAhead)).filter((s) => s.remaining > 0 && s.start !== reservation.start);
      slots = free.length
        ? html`<form method="post" action="/reservations/${token}/move"><fieldset class="plain"><legend>${say(visitor, 'reservationMove')}</legend>${free.map(
            (s, i) => html`<label class="option"><input type="radio" name="start" value="${s.start}"${i === 0 ? html` checked` : ''}> ${DateTime.fromISO(s.start, { setZone: true }).toFormat('HH:mm')} <span class="muted">(${say(visitor, 'reservationSeatsLeft', { n: s.remaining })})</span></label>`,
          )}</fieldset><p><button class="primary">${say(visitor, 'reservationMove')}</button></p></form>`
        : html`<p class="muted">${say(visitor, 'reservationNoSlots')}</p>`;
    } catch (error) {
      slots = notice(refusal(error, visitor).message, 'error');
    }
    const today = DateTime.fromMillis(nowMs(), { zone: centre.timezone }).toISODate()!;
    const body = html`${message}${facts}
<h2>${say(visitor, 'reservationMove')}</h2><form method="get" action="/reservations/${token}" class="row"><div><label for="date">${say(visitor, 'reservationChooseDay')}</label><input id="date" name="date" type="date" min="${today}" value="${date}"></div><div><button>${say(visitor, 'reservationShowSlots')}</button></div></form>${slots}
<h2>${say(visitor, 'reservationCancel')}</h2><form method="post" action="/reservations/${token}/cancel"><p><button class="danger">${say(visitor, 'reservationCancel')}</button></p></form>`;
    return { title, body };
  }

  app.get('/reservations/:token', { config, schema: { hide: true } }, async (request, reply) => {
    const { visitor } = request;
    const { token } = request.params as { token: string };
    const q = request.query as { date?: string; done?: string };
    const said = { cancelled: 'reservationCancelled', moved: 'reservationMoved', confirmed: 'reservationConfirmed' } as const;
    const done = q.done && q.done in said ? notice(words(visitor, said[q.done as keyof typeof said])) : '';
    const { title, body } = page(visitor, token, q.date, done);
    return sendPage(reply, visitor, title, body);
  });

  app.post('/reservations/:token/cancel', { config, schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    cancelReservation(deps(), readReservationLink(app.secretKey, token));
    app.outbox.kick();
    return reply.redirect(`/reservations/${token}?done=cancelled`, 303);
  });

  app.post('/reservations/:token/confirm', { config, schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    confirmReservation(deps(), readReservationLink(app.secretKey, token));
    app.outbox.kick();
    return reply.redirect(`/reservations/${token}?done=confirmed`, 303);
  });

  app.post('/reservations/:token/move', { config, schema: { hide: true, body: MoveBody } }, async (request, reply) => {
    const { visitor } = request;
    const { token } = request.params as { token: string };
    const start = text(request.body as FormBody, 'start');
    try {
      await limitPerHour(app.hourLimits, 'reserve-move-ip', request.ip, app.config.registerLimitPerIp, 'moves from your address');
      moveReservation(deps(), readReservationLink(app.secretKey, token), start);
      app.outbox.kick();
      return reply.redirect(`/reservations/${token}?done=moved`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = page(visitor, token, start.slice(0, 10) || undefined, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/reservations/${token}`, refused.status);
    }
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { catalogue, listCentres } from '../../green-channel/catalogue.js';
import { ReserveBody } from '../../green-channel/green-channel-schemas.js';
import { reserve } from '../../green-channel/reservations.js';
import { bookableDate, daySlots, offering } from '../../green-channel/slots.js';
import { limitPublicRequest, registerLimits } from '../../http/rate-limit.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { nowMs } from '../../time/clock.js';
import { idParam, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import { noticeField, noticeOf } from '../frame/privacy-notice-field.js';
import type { Visitor } from '../frame/visitor.js';

type Query = Record<string, string | undefined>;

/**
 * The green channel for founders (no account): the catalogue by category, then one service — a
 * centre and a day, that day's free slots, and the form to reserve one. Reserving says a link was
 * mailed, never the link itself: the reservation is held until its owner confirms from the mail.
 */
export const greenChannelPages: FastifyPluginAsync = async (app) => {
  app.get('/green-channel', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const { categories } = catalogue(app.deps);
    const body = categories.length
      ? html`<p class="muted">${say(visitor, 'gcIntro')}</p>${categories.map(
          (c) => html`<h2>${inLanguage(c.name, visitor.language)}</h2><ul class="plain">${c.items.map(
            (i) => html`<li><a href="/green-channel/${i.id}">${inLanguage(i.name, visitor.language)}</a> <span class="muted">· ${say(visitor, 'gcMinutes', { n: i.durationMinutes })}</span></li>`,
          )}</ul>`,
        )}`
      : html`<p class="muted">${say(visitor, 'gcEmpty')}</p>`;
    return sendPage(reply, visitor, words(visitor, 'gc_heading'), body);
  });

  function servicePage(visitor: Visitor, itemId: number, q: Query, message: HtmlPart = '', typed: Query = {}): { title: string; body: SafeHtml } {
    const item = catalogue(app.deps).categories.flatMap((c) => c.items).find((i) => i.id === itemId);
    if (!item) offering(app.db, itemId, 0); // the 404 for an unknown or withdrawn service
    const centres = listCentres(app.deps).filter((c) => item!.centreIds.includes(c.id));
    const centreId = Number(q.centre) || centres[0]?.id || 0;
    const centre = centres.find((c) => c.id === centreId) ?? centres[0];
    const title = inLanguage(item!.name, visitor.language);
    const about = html`${inLanguage(item!.description, visitor.language) ? html`<p>${inLanguage(item!.description, visitor.language)}</p>` : ''}${
      inLanguage(item!.bring, visitor.language) ? html`<p><strong>${say(visitor, 'gcBring')}</strong>: ${inLanguage(item!.bring, visitor.language)}</p>` : ''
    }`;
    if (!centre) return { title, body: html`${message}${about}<p class="muted">${say(visitor, 'gcNoCentre')}</p>` };
    const today = DateTime.fromMillis(nowMs(), { zone: centre.timezone }).toISODate()!;
    const date = q.date ?? today;
    let slots: HtmlPart;
    try {
      const { item: row } = offering(app.db, itemId, centre.id);
      const free = daySlots(app.db, row, centre, bookableDate(centre, date, app.config.greenChannelDaysAhead)).filter((s) => s.remaining > 0);
      slots = free.length
        ? html`<form method="post" action="/green-channel/${itemId}/reserve">${csrfField(visitor)}<input type="hidden" name="centre" value="${centre.id}"><input type="hidden" name="date" value="${date}">
<fieldset class="plain"><legend>${say(visitor, 'gcChooseTime')}</legend>${free.map(
            (s, i) => html`<label class="option"><input type="radio" name="start" value="${s.start}" required${typed.start === s.start || (!typed.start && i === 0) ? html` checked` : ''}> ${s.start.slice(11, 16)} <span class="muted">(${say(visitor, 'reservationSeatsLeft', { n: s.remaining })})</span></label>`,
          )}</fieldset>
<label for="name">${say(visitor, 'name')}</label><input id="name" name="name" required maxlength="100" autocomplete="name" value="${typed.name ?? ''}">
<label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required autocomplete="email" value="${typed.email ?? ''}">
<label for="phone">${say(visitor, 'mobile')} <span class="muted">(${say(visitor, 'optional')})</span></label><input id="phone" name="phone" type="tel" inputmode="tel" maxlength="30" value="${typed.phone ?? ''}">
<label for="company">${say(visitor, 'gcCompany')} <span class="muted">(${say(visitor, 'optional')})</span></label><input id="company" name="company" maxlength="200" value="${typed.company ?? ''}">
<label for="creditCode">${say(visitor, 'gcCreditCode')} <span class="muted">(${say(visitor, 'optional')})</span></label><input id="creditCode" name="creditCode" maxlength="40" autocapitalize="characters" lang="zxx" value="${typed.creditCode ?? ''}">
${noticeField(visitor, app.privacyNotice, 'reservation')}
<p><button class="primary">${say(visitor, 'gcReserve')}</button></p></form>`
        : html`<p class="muted">${say(visitor, 'reservationNoSlots')}</p>`;
    } catch (error) {
      slots = notice(refusal(error, visitor).message, 'error');
    }
    const chooser = html`<form method="get" action="/green-channel/${itemId}" class="row">
<div><label for="centre">${say(visitor, 'gc_centre')}</label><select id="centre" name="centre">${options(centres.map((c) => ({ value: c.id, label: c.name })), centre.id)}</select></div>
<div><label for="date">${say(visitor, 'reservationChooseDay')}</label><input id="date" name="date" type="date" min="${today}" value="${date}"></div>
<div><button>${say(visitor, 'reservationShowSlots')}</button></div></form>`;
    return { title, body: html`${message}${about}<p class="muted">${centre.address ?? ''}</p>${chooser}${slots}` };
  }

  app.get('/green-channel/:id', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const mailed = q.done === 'mailed' ? notice(words(visitor, 'reservationMailed', { minutes: Math.round(app.config.reservationHoldMs / 60_000) })) : '';
    const { title, body } = servicePage(visitor, idParam(request.params), q, mailed);
    return sendPage(reply, request.visitor, title, body);
  });

  app.post('/green-channel/:id/reserve', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    const typed: Query = Object.fromEntries(['centre', 'date', 'start', 'name', 'email', 'phone', 'company', 'creditCode'].map((k) => [k, text(form, k)]));
    try {
      await limitPublicRequest(app.hourLimits, 'reserve', registerLimits(app.config), request.ip, typed.email ?? '', 'reservations');
      const input = parseForm(ReserveBody, {
        serviceId: id,
        centreId: Number(typed.centre) || 0,
        start: typed.start,
        name: typed.name,
        email: typed.email,
        language: visitor.language,
        ...noticeOf(form),
        ...(typed.phone ? { phone: typed.phone } : {}),
        ...(typed.company ? { company: typed.company } : {}),
        ...(typed.creditCode ? { creditCode: typed.creditCode } : {}),
      });
      reserve({ ...app.deps, daysAhead: app.config.greenChannelDaysAhead }, input, request.ip);
      app.outbox.kick();
      const back = new URLSearchParams({ centre: typed.centre ?? '', date: typed.date ?? '', done: 'mailed' });
      return reply.redirect(`/green-channel/${id}?${back.toString()}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = servicePage(visitor, id, { centre: typed.centre, date: typed.date }, notice(refused.message, 'error'), typed);
      return sendPage(reply, visitor, title, body, `/green-channel/${id}`, refused.status);
    }
  });
};

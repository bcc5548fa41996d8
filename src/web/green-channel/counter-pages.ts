import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { checkInAtCounter, dayList, markServed, myCentres, servedCentre } from '../../green-channel/counter.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { nowMs } from '../../time/clock.js';
import { cardTable } from '../frame/card-table.js';
import { idParam, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, postButton, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const COUNTER = { roles: ['service_staff', 'coordinator'] as const };

/**
 * The counter of a service centre on a phone: the day's reservations in time order, a box for the
 * number a person says (or what a scanner reads from their QR), and "Served" for each visit.
 */
export const counterPages: FastifyPluginAsync = async (app) => {
  app.get('/counter', pageRoute(COUNTER), async (request, reply) => {
    const { visitor } = request;
    const centres = myCentres(app.deps, visitor.principal!);
    const body = centres.length ? html`<ul class="plain">${centres.map((c) => html`<li><a href="/counter/${c.id}">${c.name}</a></li>`)}</ul>` : html`<p class="muted">${say(visitor, 'counterNoCentres')}</p>`;
    return sendPage(reply, visitor, words(visitor, 'navCounter'), body);
  });

  function dayPage(visitor: Visitor, centreId: number, date: string | undefined, message: HtmlPart = ''): { title: string; body: SafeHtml } {
    const centre = servedCentre(app.db, visitor.principal!, centreId);
    const today = DateTime.fromMillis(nowMs(), { zone: centre.timezone });
    const day = date && DateTime.fromISO(date, { zone: centre.timezone }).isValid ? DateTime.fromISO(date, { zone: centre.timezone }) : today;
    const list = dayList(app.deps, visitor.principal!, centreId, day.toISODate()!);
    const rows = list.items.map((r) => ({
      cells: [
        DateTime.fromISO(r.start, { setZone: true }).toFormat('HH:mm'),
        html`<strong lang="zxx">${r.number}</strong>`,
        html`${inLanguage(r.service, visitor.language)}<br>${r.name}${r.company ? html` · ${r.company}` : ''}`,
        html`<span class="tag">${say(visitor, `rst_${r.status}`)}</span>`,
        r.status === 'confirmed' || r.status === 'checked_in' ? postButton(visitor, `/counter/${centreId}/served`, words(visitor, 'counterServed'), { reservationId: r.id, date: list.date }) : '',
      ],
    }));
    const nav = html`<p class="actions"><a href="/counter/${centreId}?date=${day.minus({ days: 1 }).toISODate()}">←</a><strong>${day.setLocale(visitor.language).toFormat(visitor.language === 'zh-CN' ? 'M月d日 ccc' : 'ccc d MMM')}</strong><a href="/counter/${centreId}?date=${day.plus({ days: 1 }).toISODate()}">→</a></p>`;
    const body = html`${message}${nav}<form method="post" action="/counter/${centreId}/checkin" class="row">${csrfField(visitor)}<input type="hidden" name="date" value="${list.date}">
<div><label for="code">${say(visitor, 'counterCode')}</label><input id="code" name="code" required autocomplete="off" autocapitalize="characters"></div><div><button class="primary">${say(visitor, 'checkIn')}</button></div></form>
${rows.length ? cardTable([words(visitor, 'when'), '№', words(visitor, 'counterWho'), words(visitor, 'status'), ''], rows) : html`<p class="muted">${say(visitor, 'counterNone')}</p>`}`;
    return { title: centre.name, body };
  }

  app.get('/counter/:id', pageRoute(COUNTER), async (request, reply) => {
    const { title, body } = dayPage(request.visitor, idParam(request.params), (request.query as { date?: string }).date);
    return sendPage(reply, request.visitor, title, body);
  });

  app.post('/counter/:id/checkin', pageRoute(COUNTER), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    try {
      const done = checkInAtCounter(app.deps, visitor.principal!, id, text(form, 'code'));
      const message = notice(words(visitor, done.alreadyCheckedIn ? 'counterAlready' : 'counterCheckedIn', { name: done.name, number: done.number }));
      const { title, body } = dayPage(visitor, id, text(form, 'date'), message);
      return sendPage(reply, visitor, title, body, `/counter/${id}`);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = dayPage(visitor, id, text(form, 'date'), notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/counter/${id}`, refused.status);
    }
  });

  app.post('/counter/:id/served', pageRoute(COUNTER), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    markServed(app.deps, visitor.principal!, Number(text(form, 'reservationId')) || 0);
    return reply.redirect(`/counter/${id}?date=${encodeURIComponent(text(form, 'date'))}`, 303);
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../errors/http-errors.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { spokenMobile } from '../../phones/mobile-number.js';
import { checkIn } from '../../tickets/check-ins.js';
import { listRegistrations } from '../../registrations/registrations-service.js';
import { attendance } from '../../tickets/attendance.js';
import { cardTable } from '../frame/card-table.js';
import { idParam, refusal, text, type FormBody } from '../frame/forms.js';
import { notice, postButton, say, sendPage, statusTag, words } from '../frame/layout.js';
import { ownEvent } from '../frame/organizer-shared.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

type Query = Record<string, string | undefined>;

/** The check-in list at the door: everyone registered, searchable, a button to let each in (works without script). */
export const checkinListPages: FastifyPluginAsync = async (app) => {
  function checkinPage(visitor: Visitor, id: number, q: Query, message: HtmlPart = ''): { title: string; body: SafeHtml } {
    const event = ownEvent(app, visitor, id);
    const counts = attendance(app.deps, visitor.principal!, id);
    const search = (q.q ?? '').trim().toLowerCase();
    const registrations = [];
    let cursor: string | undefined;
    do {
      const page = listRegistrations(app.deps, visitor.principal!, id, { cursor, limit: 200 });
      registrations.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const shown = registrations.filter((r) => r.status !== 'cancelled' && (!search || r.name.toLowerCase().includes(search) || r.email.includes(search)));
    // After a check-in's redirect (`?checkedIn=<id>`): say whom it let in.
    const justChecked = registrations.find((r) => String(r.id) === q.checkedIn && r.status === 'checked_in');
    if (!message && justChecked) message = notice(words(visitor, 'checkedInName', { name: justChecked.name }));
    const rows = shown.map((r) => ({
      id: `r${r.id}`,
      cells: [
        html`${r.name}<br><span class="muted">${r.email}${r.mobile ? html` · <a href="tel:${r.mobile}">${spokenMobile(r.mobile)}</a>` : ''}</span>`,
        statusTag(visitor, r.status),
        r.status === 'confirmed' ? postButton(visitor, `/my/events/${id}/checkin`, words(visitor, 'checkIn'), { registrationId: r.id, q: q.q ?? '' }, 'primary') : '',
      ],
    }));
    const body = html`${message}<p>${say(visitor, 'attendanceLine', { checkedIn: counts.checkedIn, confirmed: counts.confirmed + counts.checkedIn, waitlisted: counts.waitlisted })}</p>
<form method="get" action="/my/events/${id}/checkin" class="row"><div><label for="q">${say(visitor, 'findPerson')}</label><input id="q" name="q" type="search" value="${q.q ?? ''}"></div><div><button>${say(visitor, 'find')}</button></div></form>
${shown.length ? cardTable([words(visitor, 'name'), words(visitor, 'status'), ''], rows) : html`<p class="muted">${say(visitor, 'nobodyFound')}</p>`}`;
    return { title: `${words(visitor, 'checkInList')} · ${event.title}`, body };
  }

  app.get('/my/events/:id/checkin', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const { title, body } = checkinPage(visitor, idParam(request.params), request.query as Query);
    return sendPage(reply, visitor, title, body);
  });

  app.post('/my/events/:id/checkin', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const id = idParam(request.params);
    const form = request.body as FormBody;
    try {
      const registrationId = Number(text(form, 'registrationId'));
      if (!Number.isSafeInteger(registrationId) || registrationId < 1) throw new BadRequestError('registrationId is required.', 'registrationId').say('errFieldRequired', { field: 'registrationId' });
      const checked = checkIn(app.deps, visitor.principal!, id, { registrationId });
      // Post/redirect/get: back to the list (and the search) the door was using, saying whom it let in.
      const back = new URLSearchParams({ checkedIn: String(checked.id), ...(text(form, 'q') ? { q: text(form, 'q') } : {}) });
      return reply.redirect(`/my/events/${id}/checkin?${back.toString()}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = checkinPage(visitor, id, { q: text(form, 'q') }, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/my/events/${id}/checkin`, refused.status);
    }
  });
};

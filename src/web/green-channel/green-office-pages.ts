import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { Type } from 'typebox';
import { catalogue, createCentre, declaredDaysFrom, listCentres, setCalendarDay, upsertCategory, upsertItem } from '../../green-channel/catalogue.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { nowMs } from '../../time/clock.js';
import { list, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { DEFAULT_TIMEZONE } from '../../config/default-zone.js';

const COORDINATOR = { roles: ['coordinator'] as const };
const CODE = Type.String({ pattern: '^[a-z0-9-]{1,40}$' });
// Names and what to bring in either language or both (writeItem() refuses a service with no name at all).
const ServiceForm = Type.Object({
  categoryCode: CODE,
  itemCode: CODE,
  nameZh: Type.Optional(Type.String({ maxLength: 200 })),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  bringZh: Type.Optional(Type.String({ maxLength: 1000 })),
  bringEn: Type.Optional(Type.String({ maxLength: 1000 })),
  durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  seatsPerSlot: Type.Integer({ minimum: 1, maximum: 100 }),
});
const DayForm = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Type.String({ minLength: 1, maxLength: 100 }) });

/**
 * The office's page for the green channel: its centres, its services (add or replace one by its
 * code; a whole catalogue loads from CSV by the CLI), and the days it declares open or closed.
 */
export const greenOfficePages: FastifyPluginAsync = async (app) => {
  function officePage(visitor: Visitor, message: HtmlPart = '', typed: Record<string, string> = {}): SafeHtml {
    const centres = listCentres(app.deps);
    const { categories } = catalogue(app.deps);
    const today = DateTime.fromMillis(nowMs(), { zone: DEFAULT_TIMEZONE }).toISODate()!;
    const days = declaredDaysFrom(app.deps, today);
    const field = (name: string, key: Parameters<typeof say>[1], extra: HtmlPart = '') => html`<div><label for="${name}">${say(visitor, key)}</label><input id="${name}" name="${name}" value="${typed[name] ?? ''}"${extra}></div>`;
    return html`${message}
<h2>${say(visitor, 'gc_centre')}</h2><ul class="plain">${centres.map((c) => html`<li>${c.name}${c.address ? html` <span class="muted">· ${c.address}</span>` : ''}</li>`)}</ul>
<form method="post" action="/office/green-channel/centres" class="row">${csrfField(visitor)}${field('centreName', 'name', html` required maxlength="200"`)}${field('centreAddress', 'address')}<div><button>${say(visitor, 'gcAddCentre')}</button></div></form>
<h2>${say(visitor, 'gcServices')}</h2>${categories.map(
      (c) => html`<h3>${inLanguage(c.name, visitor.language)} <span class="muted" lang="zxx">${c.code}</span></h3><ul class="plain">${c.items.map((i) => html`<li>${inLanguage(i.name, visitor.language)} <span class="muted"><span lang="zxx">${i.code}</span> · ${say(visitor, 'gcMinutes', { n: i.durationMinutes })} · ${i.seatsPerSlot}</span></li>`)}</ul>`,
    )}
<form method="post" action="/office/green-channel/services">${csrfField(visitor)}
<div class="row">${field('categoryCode', 'gcCategoryCode', html` required`)}${field('categoryZh', 'gcCategoryZh')}${field('categoryEn', 'gcCategoryEn')}</div>
<div class="row">${field('itemCode', 'gcItemCode', html` required`)}</div>
<div class="row">${field('nameZh', 'gcNameZh')}${field('nameEn', 'gcNameEn')}</div>
<div class="row">${field('bringZh', 'gcBringZh')}${field('bringEn', 'gcBringEn')}</div>
<div class="row">${field('durationMinutes', 'gcDuration', html` type="number" min="5" max="480" required`)}${field('seatsPerSlot', 'gcSeats', html` type="number" min="1" max="100" required`)}</div>
<fieldset class="plain"><legend>${say(visitor, 'gc_centre')}</legend>${centres.map((c) => html`<label class="option"><input type="checkbox" name="centres" value="${c.id}" checked> ${c.name}</label>`)}</fieldset>
<p class="muted">${say(visitor, 'gcImportHint')} <code lang="zxx" translate="no">npm run cli -- import-services FILE.csv</code></p><p><button class="primary">${say(visitor, 'gcSaveService')}</button></p></form>
<h2>${say(visitor, 'gcDays')}</h2><ul class="plain">${days.map((d) => html`<li>${d.date} · ${say(visitor, d.kind === 'workday' ? 'gcWorkday' : 'gcHoliday')} · ${d.name}</li>`)}</ul>
<form method="post" action="/office/green-channel/days" class="row">${csrfField(visitor)}<div><label for="date">${say(visitor, 'reservationChooseDay')}</label><input id="date" name="date" type="date" required value="${typed.date ?? ''}"></div>
<div><label for="kind">${say(visitor, 'kind')}</label><select id="kind" name="kind">${options([{ value: 'holiday', label: words(visitor, 'gcHoliday') }, { value: 'workday', label: words(visitor, 'gcWorkday') }], typed.kind ?? 'holiday')}</select></div>
${field('name', 'name', html` required maxlength="100"`)}<div><button>${say(visitor, 'gcDeclareDay')}</button></div></form>`;
  }

  const show = (visitor: Visitor, message: HtmlPart = '', typed: Record<string, string> = {}) => ({ title: words(visitor, 'gc_heading'), body: officePage(visitor, message, typed) });

  app.get('/office/green-channel', pageRoute(COORDINATOR), async (request, reply) => {
    const { title, body } = show(request.visitor, (request.query as { saved?: string }).saved ? notice(words(request.visitor, 'gcSaved')) : '');
    return sendPage(reply, request.visitor, title, body);
  });

  /** Runs a form's change; back to the page with what was typed and the reason when refused. */
  function formRoute(url: string, act: (form: FormBody, visitor: Visitor) => void) {
    app.post(url, pageRoute(COORDINATOR), async (request, reply) => {
      const { visitor } = request;
      const form = request.body as FormBody;
      try {
        act(form, visitor);
        return reply.redirect('/office/green-channel?saved=1', 303);
      } catch (error) {
        const refused = refusal(error, visitor);
        const typed = Object.fromEntries(Object.keys(form).filter((k) => k !== '_csrf').map((k) => [k, text(form, k)]));
        const { title, body } = show(visitor, notice(refused.message, 'error'), typed);
        return sendPage(reply, visitor, title, body, '/office/green-channel', refused.status);
      }
    });
  }

  formRoute('/office/green-channel/centres', (form) => {
    createCentre(app.deps, parseForm(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), address: Type.Optional(Type.String({ maxLength: 300 })) }), { name: text(form, 'centreName'), ...(text(form, 'centreAddress') ? { address: text(form, 'centreAddress') } : {}) }));
  });
  formRoute('/office/green-channel/services', (form) => {
    const input = parseForm(ServiceForm, { categoryCode: text(form, 'categoryCode'), itemCode: text(form, 'itemCode'), nameZh: text(form, 'nameZh'), nameEn: text(form, 'nameEn'), bringZh: text(form, 'bringZh'), bringEn: text(form, 'bringEn'), durationMinutes: Number(text(form, 'durationMinutes')), seatsPerSlot: Number(text(form, 'seatsPerSlot')) });
    const named = (zh: string, en: string) => ({ ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) });
    const known = catalogue(app.deps).categories.find((c) => c.code === input.categoryCode);
    // A new category takes the names given for it (its code when none is).
    if (!known) upsertCategory(app.deps, input.categoryCode, text(form, 'categoryZh') || text(form, 'categoryEn') ? named(text(form, 'categoryZh'), text(form, 'categoryEn')) : { en: input.categoryCode });
    upsertItem(app.deps, { code: input.itemCode, categoryCode: input.categoryCode, name: named(input.nameZh ?? '', input.nameEn ?? ''), bring: named(input.bringZh ?? '', input.bringEn ?? ''), durationMinutes: input.durationMinutes, seatsPerSlot: input.seatsPerSlot, centreIds: list(form, 'centres').map(Number).filter((n) => n > 0) });
  });
  formRoute('/office/green-channel/days', (form) => {
    setCalendarDay(app.deps, parseForm(DayForm, { date: text(form, 'date'), kind: text(form, 'kind'), name: text(form, 'name') }));
  });
};

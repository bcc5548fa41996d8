import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { webActor } from '../../audit/audit.js';
import type { ErasureCounts } from '../../db/schema.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { listErasures } from '../../privacy/erasure-log.js';
import { dataSubject, holdsNothing, type DataSubject } from '../../privacy/personal-records.js';
import { eraseAudited, exportAudited } from '../../privacy/privacy-requests.js';
import { cardTable } from '../frame/card-table.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, say, sendPage, wallClock, words } from '../frame/layout.js';
import { erasedFrom, erasedQuery, recordsView, sendRecordsJson, subjectInWords } from './personal-records-view.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const COORDINATOR = { roles: ['coordinator'] as const };
const PATH = '/office/privacy';

/** What the office typed: an address when it has an @, a mobile number otherwise (400 in words for neither). */
const subjectOf = (typed: string): DataSubject => (typed.includes('@') ? dataSubject({ email: typed }) : dataSubject({ mobile: typed }));
const countsLine = (visitor: Visitor, counts: ErasureCounts) => words(visitor, 'erasureCounts', { ...counts });

/**
 * /office/privacy: a coordinator answers a personal-data request made in person — shows what is
 * held, hands it over as JSON, erases it — and sees every erasure so far (counts, never whose).
 * Every look and erasure is audited with a keyed fingerprint; the address travels in forms
 * (POST), never in a URL.
 */
export const privacyOfficePages: FastifyPluginAsync = async (app) => {
  function askForm(visitor: Visitor, typed = ''): SafeHtml {
    return html`<p>${say(visitor, 'officePrivacyIntro')}</p>
<form method="post" action="${PATH}/show">${csrfField(visitor)}
<label for="who">${say(visitor, 'officePrivacyWho')}</label><input id="who" name="who" required maxlength="254" autocomplete="off" value="${typed}">
<p><button class="primary">${say(visitor, 'officePrivacyShow')}</button></p></form>`;
  }

  function erasureList(visitor: Visitor, cursor: string | undefined): SafeHtml {
    const log = listErasures(app.deps, { cursor, limit: 30 });
    const rows = log.items.map((e) => ({
      cells: [wallClock(e.doneAt, visitor.language), words(visitor, `erasure_${e.reason}`), e.by ? e.by.name : e.reason === 'in_person' ? words(visitor, 'erasureByOperator') : '', countsLine(visitor, e.counts)],
    }));
    const next = log.nextRetentionAt ? html`<p class="muted">${say(visitor, 'erasuresNext', { at: wallClock(log.nextRetentionAt, visitor.language) })}</p>` : '';
    const table = rows.length ? cardTable([words(visitor, 'erasureWhen'), words(visitor, 'erasureWhy'), words(visitor, 'erasureBy'), words(visitor, 'erasureWhat')], rows) : html`<p class="muted">${say(visitor, 'erasuresNone')}</p>`;
    return html`<h2 id="erasures">${say(visitor, 'erasuresHeading')}</h2>${next}${table}
${log.nextCursor ? html`<p><a href="${PATH}?${new URLSearchParams({ cursor: log.nextCursor }).toString()}#erasures">${say(visitor, 'more')}</a></p>` : ''}`;
  }

  const title = (visitor: Visitor) => words(visitor, 'officePrivacyTitle');
  const mainPage = (reply: FastifyReply, visitor: Visitor, message: HtmlPart = '', typed = '', status = 200, cursor?: string) =>
    sendPage(reply, visitor, title(visitor), html`${message}${askForm(visitor, typed)}${erasureList(visitor, cursor)}`, PATH, status);

  app.get(PATH, pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const query = request.query as Record<string, string | undefined>;
    // After an erasure: its counts (numbers only: the address never rides in the URL).
    const counts = erasedFrom(query);
    const erased = counts ? notice(words(visitor, 'officeErased', { counts: countsLine(visitor, counts) })) : '';
    return mainPage(reply, visitor, erased, '', 200, query.cursor);
  });

  /** Runs `answer` for the typed person; a bad address or number re-renders the page with the reason. */
  async function forTyped(request: { body: unknown; visitor: Visitor }, reply: FastifyReply, answer: (subject: DataSubject, typed: string) => unknown) {
    const typed = text(request.body as FormBody, 'who');
    let subject: DataSubject;
    try {
      subject = subjectOf(typed);
    } catch (error) {
      const refused = refusal(error, request.visitor);
      return mainPage(reply, request.visitor, notice(refused.message, 'error'), typed, refused.status);
    }
    return answer(subject, typed);
  }

  app.post(`${PATH}/show`, pageRoute(COORDINATOR), async (request, reply) =>
    forTyped(request, reply, (subject, typed) => {
      const { visitor } = request;
      const records = exportAudited(app.deps, subject, webActor(visitor.principal!));
      const who = subjectInWords(subject);
      const hidden = html`${csrfField(visitor)}<input type="hidden" name="who" value="${typed}">`;
      const held = holdsNothing(records)
        ? html`<p>${say(visitor, 'privacyNothing', { who })}</p>`
        : html`<p>${say(visitor, 'officePrivacyHeld', { who })}</p>${recordsView(visitor, records)}
<form method="post" action="${PATH}/export.json">${hidden}<p><button>${say(visitor, 'privacyDownload')}</button></p></form>
<h2>${say(visitor, 'privacyEraseHeading')}</h2><p>${say(visitor, 'officeEraseWarning')}</p>
<form method="post" action="${PATH}/erase">${hidden}
<label><input type="checkbox" name="confirm" value="yes" required> ${say(visitor, 'officeEraseConfirm', { who })}</label>
<p><button class="danger">${say(visitor, 'officeEraseButton')}</button></p></form>`;
      return sendPage(reply, visitor, title(visitor), html`${held}<p><a href="${PATH}">${say(visitor, 'officePrivacyAnother')}</a></p>`, PATH);
    }),
  );

  app.post(`${PATH}/export.json`, pageRoute(COORDINATOR), async (request, reply) =>
    forTyped(request, reply, (subject) => {
      const records = exportAudited(app.deps, subject, webActor(request.visitor.principal!));
      return sendRecordsJson(reply, records, 'personal-data.json');
    }),
  );

  app.post(`${PATH}/erase`, pageRoute(COORDINATOR), async (request, reply) =>
    forTyped(request, reply, (subject, typed) => {
      const { visitor } = request;
      if (text(request.body as FormBody, 'confirm') !== 'yes') return mainPage(reply, visitor, notice(words(visitor, 'errPrivacyConfirm'), 'error'), typed, 400);
      const c = eraseAudited(app.deps, subject, webActor(visitor.principal!));
      app.outbox.kick();
      return reply.redirect(`${PATH}?${new URLSearchParams(erasedQuery(c)).toString()}`, 303);
    }),
  );
};

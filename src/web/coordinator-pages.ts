import type { FastifyPluginAsync } from 'fastify';
import { CreateChannelBody } from '../channels/channels-schemas.js';
import { createChannel, listChannels } from '../channels/channels-service.js';
import { CHANNEL_KINDS, LANGUAGES, ORGANIZATION_KINDS, ROLES, type Role } from '../db/schema.js';
import { listDeliveries, recentAnnouncements, retryDelivery } from '../deliveries/deliveries-service.js';
import { ConflictError } from '../errors/http-errors.js';
import { type SafeHtml, html, type HtmlPart } from '../http/html.js';
import { CreateMemberBody } from '../members/members-schemas.js';
import { createMember, deactivateMember, listMembers } from '../members/members-service.js';
import { CreateOrganizationBody } from '../organizations/organizations-schemas.js';
import { createOrganization, getOrganization, listOrganizations, ownsVenues } from '../organizations/organizations-service.js';
import { impactCsv, impactReport, type ImpactReport } from '../reports/impact-report.js';
import { ImpactQuerySchema } from '../reports/reports-routes.js';
import { idParam, list, pageNumber, parseForm, refusal, text, type FormBody } from './forms.js';
import { csrfField, notice, options, postButton, say, sendPage, statusTag, wallClock, words } from './layout.js';
import { barChart } from './report-chart.js';
import { pageRoute } from './signin-routes.js';
import type { Visitor } from './visitor.js';

const COORDINATOR: { roles: readonly Role[] } = { roles: ['coordinator'] };
const REPORT_READERS: { roles: readonly Role[] } = { roles: ['coordinator', 'park_manager'] };
type Query = Record<string, string | undefined>;
const CONFIG_FIELDS = ['address', 'url', 'key', 'secret', 'appId', 'appSecret', 'thumbMediaId'] as const;
const SECRET_FIELDS = new Set(['key', 'secret', 'appSecret']);

export const coordinatorPages: FastifyPluginAsync = async (app) => {

  // ---- organizations and members ----
  function organizationsPage(visitor: Visitor, q: Query, values: Query = {}, message: HtmlPart = ''): SafeHtml {
    const { items, nextCursor } = listOrganizations(app.deps, { cursor: q.cursor, limit: 100 });
    const rows = items.map((o) => html`<tr><td><a href="/office/organizations/${o.id}">${o.name}</a></td><td>${say(visitor, `kind_${o.kind}` as never)}</td></tr>`);
    return html`${message}<div class="scroll"><table><thead><tr><th>${say(visitor, 'organization')}</th><th>${say(visitor, 'kind')}</th></tr></thead><tbody>${rows}</tbody></table></div>
${nextCursor ? html`<p><a href="/office/organizations?cursor=${encodeURIComponent(nextCursor)}">${say(visitor, 'more')}</a></p>` : ''}
<h2>${say(visitor, 'addOrganization')}</h2><form method="post" action="/office/organizations">${csrfField(visitor)}
<div class="row"><div><label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" value="${values.name ?? ''}"></div>
<div><label for="kind">${say(visitor, 'kind')}</label><select id="kind" name="kind">${options(ORGANIZATION_KINDS.map((k) => ({ value: k, label: words(visitor, `kind_${k}` as never) })), values.kind ?? 'park')}</select></div>
<div><label for="contactEmail">${say(visitor, 'contactEmail')}</label><input id="contactEmail" name="contactEmail" type="email" value="${values.contactEmail ?? ''}"></div></div>
<p><button class="primary">${say(visitor, 'addOrganization')}</button></p></form>`;
  }

  app.get('/office/organizations', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    return sendPage(reply, visitor, words(visitor, 'organizations'), organizationsPage(visitor, request.query as Query));
  });

  app.post('/office/organizations', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const values: Query = { name: text(form, 'name'), kind: text(form, 'kind'), contactEmail: text(form, 'contactEmail') };
    try {
      const organization = createOrganization(app.deps, parseForm(CreateOrganizationBody, values));
      return reply.redirect(`/office/organizations/${organization.id}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'organizations'), organizationsPage(visitor, {}, values, notice(refused.message, 'error')), '/office/organizations', refused.status);
    }
  });

  function membersPage(visitor: Visitor, organizationId: number, values: Query = {}, message: HtmlPart = ''): { title: string; body: SafeHtml } {
    const organization = getOrganization(app.deps, organizationId);
    const members = listMembers(app.deps, organizationId, { limit: 200 }).items;
    const access = (m: (typeof members)[number]) =>
      m.deactivatedAt
        ? html`<span class="tag">${say(visitor, 'deactivated')}</span>`
        : m.id === visitor.principal?.memberId
          ? ''
          : postButton(visitor, `/office/members/${m.id}/deactivate`, words(visitor, 'deactivate'), {}, 'danger');
    const rows = members.map((m) => html`<tr><td>${m.name}</td><td>${m.email}</td><td>${say(visitor, `role_${m.role}` as never)}</td><td>${access(m)}</td></tr>`);
    const body = html`${message}<p class="muted">${say(visitor, `kind_${organization.kind}` as never)}</p>
${members.length ? html`<div class="scroll"><table><thead><tr><th>${say(visitor, 'name')}</th><th>${say(visitor, 'email')}</th><th>${say(visitor, 'role')}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">${say(visitor, 'noMembers')}</p>`}
<h2>${say(visitor, 'addMember')}</h2><form method="post" action="/office/organizations/${organizationId}/members">${csrfField(visitor)}
<div class="row"><div><label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" value="${values.name ?? ''}"></div>
<div><label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required value="${values.email ?? ''}"></div>
<div><label for="role">${say(visitor, 'role')}</label><select id="role" name="role">${options(ROLES.map((r) => ({ value: r, label: words(visitor, `role_${r}` as never) })), values.role ?? (ownsVenues(organization) ? 'park_manager' : 'organizer'))}</select></div>
<div><label for="language">${say(visitor, 'mailLanguage')}</label><select id="language" name="language">${options(LANGUAGES.map((l) => ({ value: l, label: l === 'en' ? 'English' : '中文' })), values.language ?? 'zh-CN')}</select></div></div>
<p class="muted">${say(visitor, 'memberSignInHint')}</p>
<p><button class="primary">${say(visitor, 'addMember')}</button></p></form>`;
    return { title: organization.name, body };
  }

  app.get('/office/organizations/:id', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const { added, deactivated } = request.query as Query;
    const message = added ? notice(words(visitor, 'doneMemberAdded', { email: added })) : deactivated ? notice(words(visitor, 'doneMemberDeactivated', { email: deactivated })) : '';
    const { title, body } = membersPage(visitor, idParam(request.params), {}, message);
    return sendPage(reply, visitor, title, body);
  });

  app.post('/office/organizations/:id/members', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const organizationId = idParam(request.params);
    const form = request.body as FormBody;
    const values: Query = { name: text(form, 'name'), email: text(form, 'email'), role: text(form, 'role'), language: text(form, 'language') };
    try {
      // The API token createMember also issues is not shown: people use the site by signing in with their email.
      const { member } = createMember(app.deps, organizationId, parseForm(CreateMemberBody, values), visitor.principal?.name);
      return reply.redirect(`/office/organizations/${organizationId}?added=${encodeURIComponent(member.email)}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = membersPage(visitor, organizationId, values, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/office/organizations/${organizationId}`, refused.status);
    }
  });

  app.post('/office/members/:id/deactivate', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const memberId = idParam(request.params);
    if (memberId === visitor.principal!.memberId) throw new ConflictError(words(visitor, 'cannotDeactivateSelf'), { rule: 'self' }).say('cannotDeactivateSelf');
    const member = deactivateMember(app.deps, memberId, { memberId: visitor.principal!.memberId, via: 'web' });
    return reply.redirect(`/office/organizations/${member.organizationId}?deactivated=${encodeURIComponent(member.email)}`, 303);
  });

  // ---- partner channels ----
  function channelsPage(visitor: Visitor, values: Query = {}, message: HtmlPart = ''): SafeHtml {
    const channels = listChannels(app.deps).items;
    const rows = channels
      .map(
        (c) =>
          html`<tr><td>${c.name}<br><span class="muted">${words(visitor, `channelKind_${c.kind}`)}${c.topics.length ? ` · ${c.topics.join(', ')}` : ''}</span></td><td>${c.active ? say(visitor, 'active') : html`${say(visitor, 'inactive')}${c.disabledReason ? html`<br><span class="muted">${c.disabledReason}</span>` : ''}`}</td><td>${postButton(visitor, `/office/channels/${c.id}/test`, words(visitor, 'sendTest'))}</td></tr>`,
      );
    const configInputs = CONFIG_FIELDS.map((name) => html`<div><label for="${name}">${name}</label><input id="${name}" name="${name}" type="${SECRET_FIELDS.has(name) ? 'password' : 'text'}" autocomplete="off" value="${SECRET_FIELDS.has(name) ? '' : (values[name] ?? '')}"></div>`);
    return html`${message}${channels.length ? html`<div class="scroll"><table><thead><tr><th>${say(visitor, 'channel')}</th><th>${say(visitor, 'status')}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">${say(visitor, 'noChannels')}</p>`}
<h2>${say(visitor, 'addChannel')}</h2><form method="post" action="/office/channels">${csrfField(visitor)}
<div class="row"><div><label for="kind">${say(visitor, 'kind')}</label><select id="kind" name="kind">${options(CHANNEL_KINDS.map((k) => ({ value: k, label: words(visitor, `channelKind_${k}`) })), values.kind)}</select></div>
<div><label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" value="${values.name ?? ''}"></div>
<div><label for="topics">${say(visitor, 'topicsHint')}</label><input id="topics" name="topics" type="text" value="${values.topics ?? ''}"></div></div>
<p class="muted">${say(visitor, 'channelFieldsHint')}</p><div class="row">${configInputs}</div>
<p><button class="primary">${say(visitor, 'addChannel')}</button></p></form>`;
  }

  app.get('/office/channels', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    // After a test's redirect: its result in a sentence (the platform's own words, if it refused).
    const tested = q.tested === 'ok' ? notice(words(visitor, 'testSentPlain')) : q.tested === 'failed' ? notice(words(visitor, 'testFailed', { error: q.error ?? '' }), 'error') : '';
    return sendPage(reply, visitor, words(visitor, 'channels'), channelsPage(visitor, {}, tested));
  });

  app.post('/office/channels', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const values: Query = Object.fromEntries(['kind', 'name', 'topics', ...CONFIG_FIELDS].map((k) => [k, text(form, k)]));
    try {
      const config = Object.fromEntries(CONFIG_FIELDS.filter((k) => values[k]).map((k) => [k, values[k]]));
      const input = parseForm(CreateChannelBody, { kind: values.kind, name: values.name, topics: list(form, 'topics'), config });
      await createChannel({ db: app.db, secretKey: app.secretKey, config: app.config }, input);
      return reply.redirect('/office/channels', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'channels'), channelsPage(visitor, values, notice(refused.message, 'error')), '/office/channels', refused.status);
    }
  });

  app.post('/office/channels/:id/test', pageRoute(COORDINATOR), async (request, reply) => {
    const result = await app.testChannel(idParam(request.params));
    const outcome: Record<string, string> = 'error' in result ? { tested: 'failed', error: (result.error ?? '').slice(0, 300) } : { tested: 'ok' };
    return reply.redirect(`/office/channels?${new URLSearchParams(outcome).toString()}`, 303);
  });

  // ---- announcements and their deliveries ----
  app.get('/office/announcements', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const page = pageNumber(q.page);
    const { items, nextPage } = recentAnnouncements(app.deps, { page, limit: 30 });
    const rows = items
      .map(
        (a) =>
          html`<tr><td>${a.eventTitle}<br><span class="muted">${say(visitor, `ann_${a.kind}` as never)} · ${wallClock(a.createdAt, visitor.language)}</span></td><td>${a.counts.sent}</td><td>${a.counts.pending}</td><td>${a.counts.dead ? html`<a href="/office/announcements/${a.id}">${a.counts.dead}</a>` : '0'}</td><td>${a.counts.skipped}</td></tr>`,
      );
    const body = html`${items.length ? html`<div class="scroll"><table><thead><tr><th>${say(visitor, 'announcement')}</th><th>${say(visitor, 'st_sent')}</th><th>${say(visitor, 'st_pending')}</th><th>${say(visitor, 'st_dead')}</th><th>${say(visitor, 'st_skipped')}</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">${say(visitor, 'noAnnouncements')}</p>`}
${nextPage ? html`<p><a href="/office/announcements?page=${nextPage}">${say(visitor, 'more')}</a></p>` : ''}`;
    return sendPage(reply, visitor, words(visitor, 'announcements'), body);
  });

  function deadPage(visitor: Visitor, announcementId: number, message: HtmlPart = ''): SafeHtml {
    const { items, counts } = listDeliveries(app.deps, visitor.principal!, announcementId, { status: 'dead', limit: 200 });
    const rows = items
      .map((d) => html`<tr><td>${d.targetName ?? `${d.targetType} #${d.targetId}`}</td><td>${statusTag(visitor, d.status)} ×${d.attempts}<br><span class="muted">${d.lastError ?? ''}</span></td><td>${postButton(visitor, `/office/deliveries/${d.id}/retry`, words(visitor, 'retry'), { announcementId })}</td></tr>`);
    const all = items.length > 1 ? html`<p>${postButton(visitor, `/office/announcements/${announcementId}/retry-dead`, words(visitor, 'retryAllDead'), {}, 'primary')}</p>` : '';
    return html`${message}<p>${say(visitor, 'countsLine', { sent: counts.sent, pending: counts.pending, dead: counts.dead, skipped: counts.skipped })}</p>${all}
${items.length ? html`<div class="scroll"><table><tbody>${rows}</tbody></table></div>` : html`<p class="muted">${say(visitor, 'noDead')}</p>`}`;
  }

  app.get('/office/announcements/:id', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const retried = (request.query as Query).retried;
    const message = retried && /^\d{1,4}$/.test(retried) ? notice(words(visitor, 'doneRetried', { n: Number(retried) })) : '';
    return sendPage(reply, visitor, words(visitor, 'deadDeliveries'), deadPage(visitor, idParam(request.params), message));
  });

  app.post('/office/deliveries/:id/retry', pageRoute(COORDINATOR), async (request, reply) => {
    const announcementId = idParam(request.body, 'announcementId');
    retryDelivery(app.deps, idParam(request.params));
    return reply.redirect(`/office/announcements/${announcementId}?retried=1`, 303);
  });

  app.post('/office/announcements/:id/retry-dead', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const announcementId = idParam(request.params);
    const dead = listDeliveries(app.deps, visitor.principal!, announcementId, { status: 'dead', limit: 200 }).items;
    for (const delivery of dead) retryDelivery(app.deps, delivery.id);
    return reply.redirect(`/office/announcements/${announcementId}?retried=${dead.length}`, 303);
  });

  // ---- the impact report ----
  const reportQuery = (q: Query) => parseForm(ImpactQuerySchema, { from: q.from, to: q.to, groupBy: q.groupBy });

  function reportTable(visitor: Visitor, report: ImpactReport): SafeHtml {
    const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 1000) / 10}%`);
    const cells = (r: ImpactReport['totals']) =>
      [r.eventsHeld, r.registrations, r.checkIns, percent(r.noShowRate), r.noticesDelivered, r.channelPosts, r.hoursBooked, percent(r.utilization), r.venueValue].map((v) => html`<td>${v}</td>`);
    const heads = (['eventsHeld', 'registrationsCount', 'checkIns', 'noShowRate', 'reach', 'channelPosts', 'hoursBooked', 'utilization', 'venueValue'] as const).map((k) => html`<th>${say(visitor, k)}</th>`);
    const rows = report.rows.map((r) => html`<tr><th>${r.label}</th>${cells(r)}</tr>`);
    return html`<div class="scroll"><table class="report"><thead><tr><th></th>${heads}</tr></thead><tbody>${rows}<tr><th>${say(visitor, 'total')}</th>${cells(report.totals)}</tr></tbody></table></div>`;
  }

  app.get('/office/report', pageRoute(REPORT_READERS), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const report = impactReport(app.deps, visitor.principal!, reportQuery(q));
    const csv = `/office/report.csv?${new URLSearchParams({ from: report.from, to: report.to, groupBy: report.groupBy }).toString()}`;
    const chart = barChart(
      report.rows.map((r) => ({ label: r.label, values: [r.registrations, r.checkIns, r.eventsHeld] })),
      [words(visitor, 'registrationsCount'), words(visitor, 'checkIns'), words(visitor, 'eventsHeld')],
      words(visitor, 'navReport'),
    );
    const body = html`<form method="get" action="/office/report" class="row">
<div><label for="from">${say(visitor, 'fromDate')}</label><input id="from" name="from" type="date" value="${report.from}"></div>
<div><label for="to">${say(visitor, 'toDate')}</label><input id="to" name="to" type="date" value="${report.to}"></div>
<div><label for="groupBy">${say(visitor, 'groupBy')}</label><select id="groupBy" name="groupBy">${options((['park', 'organization', 'month'] as const).map((g) => ({ value: g, label: words(visitor, `by_${g}`) })), report.groupBy)}</select></div>
<div><button>${say(visitor, 'show')}</button></div></form>
<p class="muted">${say(visitor, 'reportZone', { zone: report.zone })} · <a href="${csv}" download>${say(visitor, 'downloadCsv')}</a></p>
${report.rows.length ? chart : ''}${reportTable(visitor, report)}`;
    return sendPage(reply, visitor, words(visitor, 'navReport'), body);
  });

  app.get('/office/report.csv', pageRoute(REPORT_READERS), async (request, reply) => {
    const report = impactReport(app.deps, request.visitor.principal!, reportQuery(request.query as Query));
    const filename = `impact-${report.groupBy}-${report.from}-${report.to}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(impactCsv(report, request.visitor.language));
  });
};

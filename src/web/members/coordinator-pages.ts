import type { FastifyPluginAsync } from 'fastify';
import { ORGANIZATION_KINDS, ROLES, type Role } from '../../db/schema.js';
import { listDeliveries, recentAnnouncements, retryDelivery } from '../../deliveries/deliveries-service.js';
import { ConflictError } from '../../errors/http-errors.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { CreateMemberBody } from '../../members/members-schemas.js';
import { createMember, deactivateMember, listMembers } from '../../members/members-service.js';
import { CreateOrganizationBody } from '../../organizations/organizations-schemas.js';
import { createOrganization, getOrganization, listOrganizations, ownsVenues } from '../../organizations/organizations-service.js';
import { idParam, pageNumber, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { spokenMobile } from '../../phones/mobile-number.js';
import { cardTable } from '../frame/card-table.js';
import { csrfField, notice, options, postButton, say, sendPage, statusTag, wallClock, words, languageOptions } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const COORDINATOR: { roles: readonly Role[] } = { roles: ['coordinator'] };
type Query = Record<string, string | undefined>;

export const coordinatorPages: FastifyPluginAsync = async (app) => {

  // ---- organizations and members ----
  function organizationsPage(visitor: Visitor, q: Query, values: Query = {}, message: HtmlPart = ''): SafeHtml {
    const { items, nextCursor } = listOrganizations(app.deps, { cursor: q.cursor, limit: 100 });
    const rows = items.map((o) => ({ cells: [html`<a href="/office/organizations/${o.id}">${o.name}</a>`, words(visitor, `kind_${o.kind}`)] }));
    return html`${message}${cardTable([words(visitor, 'organization'), words(visitor, 'kind')], rows)}
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
    const rows = members.map((m) => ({ cells: [m.name, html`${m.email}${m.mobile ? html`<br>${spokenMobile(m.mobile)}` : ''}`, words(visitor, `role_${m.role}`), access(m)] }));
    const body = html`${message}<p class="muted">${say(visitor, `kind_${organization.kind}` as never)} · <a href="/office/organizations/${organizationId}/profile">${say(visitor, 'profileEdit')}</a></p>
${members.length ? cardTable([words(visitor, 'name'), words(visitor, 'email'), words(visitor, 'role'), ''], rows) : html`<p class="muted">${say(visitor, 'noMembers')}</p>`}
<h2>${say(visitor, 'addMember')}</h2><form method="post" action="/office/organizations/${organizationId}/members">${csrfField(visitor)}
<div class="row"><div><label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" value="${values.name ?? ''}"></div>
<div><label for="email">${say(visitor, 'email')}</label><input id="email" name="email" type="email" required value="${values.email ?? ''}"></div>
<div><label for="mobile">${say(visitor, 'mobile')} <span class="muted">(${say(visitor, 'optional')})</span></label><input id="mobile" name="mobile" type="tel" inputmode="tel" maxlength="30" value="${values.mobile ?? ''}"></div>
<div><label for="role">${say(visitor, 'role')}</label><select id="role" name="role">${options(ROLES.map((r) => ({ value: r, label: words(visitor, `role_${r}` as never) })), values.role ?? (ownsVenues(organization) ? 'park_manager' : 'organizer'))}</select></div>
<div><label for="language">${say(visitor, 'mailLanguage')}</label><select id="language" name="language">${languageOptions(values.language ?? 'zh-CN')}</select></div></div>
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
    const values: Query = { name: text(form, 'name'), email: text(form, 'email'), mobile: text(form, 'mobile'), role: text(form, 'role'), language: text(form, 'language') };
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

  // ---- announcements and their deliveries ----
  app.get('/office/announcements', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const page = pageNumber(q.page);
    const { items, nextPage } = recentAnnouncements(app.deps, { page, limit: 30 });
    const rows = items.map((a) => ({
      cells: [
        html`${a.eventTitle}<br><span class="muted">${words(visitor, `ann_${a.kind}`)} · ${wallClock(a.createdAt, visitor.language)}</span>`,
        a.counts.sent,
        a.counts.pending,
        a.counts.dead ? html`<a href="/office/announcements/${a.id}">${a.counts.dead}</a>` : '0',
        a.counts.skipped,
      ],
    }));
    const body = html`${items.length ? cardTable((['announcement', 'st_sent', 'st_pending', 'st_dead', 'st_skipped'] as const).map((k) => words(visitor, k)), rows, 'counts') : html`<p class="muted">${say(visitor, 'noAnnouncements')}</p>`}
${nextPage ? html`<p><a href="/office/announcements?page=${nextPage}">${say(visitor, 'more')}</a></p>` : ''}`;
    return sendPage(reply, visitor, words(visitor, 'announcements'), body);
  });

  function deadPage(visitor: Visitor, announcementId: number, message: HtmlPart = ''): SafeHtml {
    const { items, counts } = listDeliveries(app.deps, visitor.principal!, announcementId, { status: 'dead', limit: 200 });
    const rows = items.map((d) => ({
      cells: [d.targetName ?? `${d.targetType} #${d.targetId}`, html`${statusTag(visitor, d.status)} ×${d.attempts}<br><span class="muted">${d.lastError ?? ''}</span>`, postButton(visitor, `/office/deliveries/${d.id}/retry`, words(visitor, 'retry'), { announcementId })],
    }));
    const all = items.length > 1 ? html`<p>${postButton(visitor, `/office/announcements/${announcementId}/retry-dead`, words(visitor, 'retryAllDead'), {}, 'primary')}</p>` : '';
    return html`${message}<p>${say(visitor, 'countsLine', { sent: counts.sent, pending: counts.pending, dead: counts.dead, skipped: counts.skipped })}</p>${all}
${items.length ? cardTable([words(visitor, 'recipient'), words(visitor, 'status'), ''], rows) : html`<p class="muted">${say(visitor, 'noDead')}</p>`}`;
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
};

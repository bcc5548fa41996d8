import type { FastifyPluginAsync } from 'fastify';
import { webActor } from '../../audit/audit.js';
import type { ProfileChanges } from '../../db/schema.js';
import { memberNamesOf } from '../../members/members-service.js';
import { organizationNamesOf } from '../../organizations/organizations-service.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { decideProposal, editProfile, listProposals, profileOf, proposeProfile, type ProposalView } from '../../organizations/member-profiles.js';
import { nowMs } from '../../time/clock.js';
import { cardTable } from '../frame/card-table.js';
import { DeclineFields } from '../../organizations/organizations-schemas.js';
import { idParam, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, postButton, say, sendPage, statusTag, words } from '../frame/layout.js';
import { changesFrom, formValuesFrom, formValuesOf, profileForm, type ProfileFormValues } from './profile-form.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { allianceYear } from '../../config/default-zone.js';

const COORDINATOR = { roles: ['coordinator'] } as const;
const thisYear = () => allianceYear(nowMs());

/** A proposal's changes in words: one line per field, as the form labels it. */
function changeLines(visitor: Visitor, changes: ProfileChanges): SafeHtml {
  const label: Record<string, string> = {
    level: words(visitor, 'profileLevel'),
    brand: words(visitor, 'profileBrand'),
    floorAreaM2: words(visitor, 'profileAreaInput'),
    foundedYear: words(visitor, 'profileFounded'),
    address: words(visitor, 'address'),
    website: words(visitor, 'profileWebsite'),
  };
  const line = (field: string, value: string) => say(visitor, 'fieldValue', { field, value });
  const lines: HtmlPart[] = Object.entries(changes).flatMap(([field, value]): HtmlPart[] => {
    if (field === 'years') return (value as NonNullable<ProfileChanges['years']>).map((y) => line(words(visitor, 'profileTeams', { year: y.year }), words(visitor, 'profileTeamsValue', { n: y.teamsIncubated, international: y.internationalTeams })));
    if (field === 'description') return [line(words(visitor, 'description'), value ? inLanguage(value as ProfileChanges['description'] & object, visitor.language) : '—')];
    const shown = value === null ? '—' : field === 'level' ? words(visitor, `level_${value as 'national'}`) : String(value);
    return [line(label[field] ?? field, shown)];
  });
  return html`<ul class="plain">${lines.map((line) => html`<li>${line}</li>`)}</ul>`;
}

/**
 * Member profiles as pages: a member's own organization (`/my/organization`: the profile, a form
 * proposing changes, their proposals); the coordinator's edit of any profile and the queue of
 * proposals to approve or decline.
 */
export const profilePages: FastifyPluginAsync = async (app) => {
  const memberNames = (ids: number[]) => new Map([...memberNamesOf(app.deps, ids)].map(([id, m]) => [id, m.name]));

  function proposalsTable(visitor: Visitor, proposals: ProposalView[], decide: boolean): SafeHtml {
    const names = memberNames(proposals.map((p) => p.proposedBy));
    // Only the office's queue names the organizations (a member's page lists its own).
    const orgNames = decide ? organizationNamesOf(app.deps, proposals.map((p) => p.organizationId)) : new Map<number, string>();
    const rows = proposals.map((p) => ({
      cells: [
        html`${decide ? html`<a href="/office/organizations/${p.organizationId}/profile">${orgNames.get(p.organizationId) ?? ''}</a> · ` : ''}${names.get(p.proposedBy) ?? ''}`,
        changeLines(visitor, p.changes),
        decide
          ? html`${postButton(visitor, `/office/profiles/${p.id}/approve`, words(visitor, 'profileApprove'), {}, 'primary')}
<form method="post" action="/office/profiles/${p.id}/decline">${csrfField(visitor)}<label for="reason-${p.id}">${say(visitor, 'profileDeclineReason')}</label><input id="reason-${p.id}" name="reason" maxlength="500"><button class="danger">${say(visitor, 'profileDecline')}</button></form>`
          : html`${statusTag(visitor, p.status)}${p.reason ? html`<br>${p.reason}` : ''}`,
      ],
    }));
    return cardTable([words(visitor, 'organization'), words(visitor, 'profileChanges'), ''], rows);
  }

  function myPage(visitor: Visitor, values?: ProfileFormValues, message: HtmlPart = ''): { title: string; body: SafeHtml } {
    const organizationId = visitor.principal!.organizationId;
    const profile = profileOf(app.db, organizationId);
    const proposals = listProposals(app.deps, visitor.principal!, { organizationId, limit: 20 }).items;
    const body = html`${message}<p>${say(visitor, 'profileMyIntro')} <a href="/alliance#member-${organizationId}">${say(visitor, 'allianceTitle')}</a></p>
${profileForm(visitor, '/my/organization', values ?? formValuesOf(profile, thisYear()), words(visitor, 'profilePropose'))}
${proposals.length ? html`<h2>${say(visitor, 'profileMyProposals')}</h2>${proposalsTable(visitor, proposals, false)}` : ''}`;
    return { title: say(visitor, 'profileTitle', { name: profile.name }), body };
  }

  app.get('/my/organization', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const { title, body } = myPage(visitor, undefined, (request.query as { proposed?: string }).proposed ? notice(words(visitor, 'profileProposed')) : '');
    return sendPage(reply, visitor, title, body);
  });

  app.post('/my/organization', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const principal = visitor.principal!;
    const values = formValuesFrom(request.body as FormBody);
    try {
      const changes = changesFrom(values, profileOf(app.db, principal.organizationId));
      if (Object.keys(changes).length === 0) {
        const { title, body } = myPage(visitor, values, notice(words(visitor, 'profileNoChange'), 'error'));
        return sendPage(reply, visitor, title, body, '/my/organization', 400);
      }
      proposeProfile(app.deps, principal, principal.organizationId, changes, webActor(principal));
      return reply.redirect('/my/organization?proposed=1', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = myPage(visitor, values, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, '/my/organization', refused.status);
    }
  });

  function editPage(visitor: Visitor, organizationId: number, values?: ProfileFormValues, message: HtmlPart = '') {
    const profile = profileOf(app.db, organizationId);
    const body = html`${message}${profileForm(visitor, `/office/organizations/${organizationId}/profile`, values ?? formValuesOf(profile, thisYear()), words(visitor, 'profileSave'))}`;
    return { title: say(visitor, 'profileTitle', { name: profile.name }), body };
  }

  app.get('/office/organizations/:id/profile', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const { title, body } = editPage(visitor, idParam(request.params), undefined, (request.query as { saved?: string }).saved ? notice(words(visitor, 'profileSaved')) : '');
    return sendPage(reply, visitor, title, body);
  });

  app.post('/office/organizations/:id/profile', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const organizationId = idParam(request.params);
    const values = formValuesFrom(request.body as FormBody);
    try {
      const changes = changesFrom(values, profileOf(app.db, organizationId));
      if (Object.keys(changes).length) editProfile(app.deps, organizationId, changes, webActor(visitor.principal!));
      return reply.redirect(`/office/organizations/${organizationId}/profile?saved=1`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      const { title, body } = editPage(visitor, organizationId, values, notice(refused.message, 'error'));
      return sendPage(reply, visitor, title, body, `/office/organizations/${organizationId}/profile`, refused.status);
    }
  });

  app.get('/office/profiles', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const done = (request.query as { done?: string }).done;
    const pending = listProposals(app.deps, visitor.principal!, { status: 'pending', limit: 100 }).items;
    const message = done === 'approved' ? notice(words(visitor, 'profileApproved')) : done === 'declined' ? notice(words(visitor, 'profileDeclined')) : '';
    const body = html`${message}${pending.length ? proposalsTable(visitor, pending, true) : html`<p class="muted">${say(visitor, 'profileProposalsNone')}</p>`}`;
    return sendPage(reply, visitor, words(visitor, 'profileProposalsTitle'), body);
  });

  for (const decision of ['approve', 'decline'] as const) {
    app.post(`/office/profiles/:id/${decision}`, pageRoute(COORDINATOR), async (request, reply) => {
      const { visitor } = request;
      const reason = decision === 'decline' ? parseForm(DeclineFields, { reason: text(request.body as FormBody, 'reason') }).reason : undefined;
      decideProposal(app.deps, visitor.principal!, idParam(request.params), decision, reason, webActor(visitor.principal!));
      return reply.redirect(`/office/profiles?done=${decision === 'approve' ? 'approved' : 'declined'}`, 303);
    });
  }
};


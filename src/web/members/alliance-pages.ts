import type { FastifyPluginAsync } from 'fastify';
import type { Language } from '../../db/schema.js';
import { html, type HtmlPart } from '../../http/html.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { allianceMembers, type ProfileView } from '../../organizations/member-profiles.js';
import { say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const KINDS = ['park', 'base', 'incubator', 'grassroots'] as const;

const whole = (n: number, language: Language) => new Intl.NumberFormat(language).format(n);

/** One member's facts, those it has: level, brand, area, founded, address, website, description, the latest year's teams. */
function memberCard(visitor: Visitor, member: ProfileView): HtmlPart {
  const lang = visitor.language;
  const latest = member.years.at(-1);
  const facts: Array<[string, HtmlPart]> = [
    ...(member.level ? [[words(visitor, 'profileLevel'), words(visitor, `level_${member.level}`)] as [string, HtmlPart]] : []),
    ...(member.brand ? [[words(visitor, 'profileBrand'), member.brand] as [string, HtmlPart]] : []),
    ...(member.floorAreaM2 ? [[words(visitor, 'profileArea'), say(visitor, 'profileAreaValue', { n: whole(member.floorAreaM2, lang) })] as [string, HtmlPart]] : []),
    ...(member.foundedYear ? [[words(visitor, 'profileFounded'), String(member.foundedYear)] as [string, HtmlPart]] : []),
    ...(member.address ? [[words(visitor, 'address'), member.address] as [string, HtmlPart]] : []),
    ...(member.website ? [[words(visitor, 'profileWebsite'), html`<a href="${member.website}" rel="nofollow noopener" lang="zxx">${member.website.replace(/^https?:\/\//, '')}</a>`] as [string, HtmlPart]] : []),
    ...(latest
      ? [[say(visitor, 'profileTeams', { year: latest.year }), say(visitor, 'profileTeamsValue', { n: whole(latest.teamsIncubated, lang), international: whole(latest.internationalTeams, lang) })] as [string, HtmlPart]]
      : []),
  ];
  const about = member.description ? inLanguage(member.description, lang) : '';
  return html`<article class="card" id="member-${member.organizationId}"><h3>${member.name}</h3>${about ? html`<p>${about}</p>` : ''}${
    facts.length ? html`<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>` : ''
  }</article>`;
}

/** The alliance's members by kind, with what each reports about itself. Public. */
export const alliancePages: FastifyPluginAsync = async (app) => {
  app.get('/alliance', pageRoute('public'), async (request, reply) => {
    const { visitor } = request;
    const members = allianceMembers(app.deps);
    const body = html`<p>${say(visitor, 'allianceIntro')}</p>${KINDS.map(
      (kind) => html`<section><h2>${words(visitor, `kindPlural_${kind}`)}</h2>${members[kind].length ? members[kind].map((m) => memberCard(visitor, m)) : html`<p class="muted">${say(visitor, 'allianceNone')}</p>`}</section>`,
    )}`;
    return sendPage(reply, visitor, words(visitor, 'allianceTitle'), body);
  });
};

import type { FastifyReply } from 'fastify';
import type { ErasureCounts } from '../../db/schema.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import type { MessageKey } from '../../i18n/translate.js';
import { inLanguage } from '../../i18n/bilingual.js';
import { spokenMobile } from '../../phones/mobile-number.js';
import type { DataSubject, PersonalRecords } from '../../privacy/personal-records.js';
import { DEFAULT_TIMEZONE } from '../../config/default-zone.js';
import { inZone } from '../../time/instants.js';
import { cardTable } from '../frame/card-table.js';
import { say, timeRange, wallClock, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/**
 * Everything held about a person, as tables a person can read on a phone: each registration with
 * what they gave (name, address, number, every answer under the question as it read), its status
 * and their feedback; invitations; subscriptions with their settings; reservations with what they
 * gave; and every mail sent. Their own page and the office's (a request made in person) show it;
 * the JSON download has the same, field by field.
 */
export function recordsView(visitor: Visitor, records: PersonalRecords): SafeHtml {
  const lang = visitor.language;
  const span = (start: string, end: string, zone: string) => timeRange(start, end, lang, zone);
  // Instants are kept in UTC: shown at the place's time (the event's), or the alliance's.
  const at = (iso: string, zone = DEFAULT_TIMEZONE) => wallClock(inZone(Date.parse(iso), zone), lang);
  const status = (prefix: 'st_' | 'sub_' | 'rst_' | 'inv_', value: string) => words(visitor, `${prefix}${value}` as MessageKey) || value;
  const field = (name: string, value: string) => say(visitor, 'fieldValue', { field: name, value });
  const lines = (parts: Array<string | null | undefined | false>): HtmlPart => {
    const shown = parts.filter((part): part is string => Boolean(part));
    return html`${shown.map((part, i) => html`${i ? html`<br>` : ''}${part}`)}`;
  };
  const answer = (value: string | string[] | boolean) => (Array.isArray(value) ? value.join(lang === 'en' ? ', ' : '、') : typeof value === 'boolean' ? words(visitor, value ? 'yes' : 'no') : value);
  const section = (heading: string, body: SafeHtml, count: number) => (count ? html`<h2>${heading}</h2>${body}` : '');

  const registrations = cardTable(
    [words(visitor, 'privacyEvent'), words(visitor, 'privacyGave'), words(visitor, 'status'), words(visitor, 'privacyFeedback')],
    records.registrations.map((r) => ({
      cells: [
        html`${r.event.title}<br><span class="muted">${span(r.event.start, r.event.end, r.event.timezone)}</span>`,
        lines([r.name, r.email, r.mobile && spokenMobile(r.mobile), ...Object.values(r.answers).map((a) => field(a.label, answer(a.value)))]),
        lines([status('st_', r.status), r.checkedInAt && field(words(visitor, 'exportCheckedInAt'), at(r.checkedInAt, r.event.timezone))]),
        r.feedback ? lines([say(visitor, 'privacyRated', { rating: r.feedback.rating, recommend: r.feedback.recommend ?? '—' }), r.feedback.comment]) : '—',
      ],
    })),
  );
  const invitations = cardTable(
    [words(visitor, 'privacyEvent'), words(visitor, 'privacyGave'), words(visitor, 'status')],
    records.invitations.map((i) => ({ cells: [i.event.title, lines([i.name, i.email]), status('inv_', i.status)] })),
  );
  const subscriptions = cardTable(
    [words(visitor, 'email'), words(visitor, 'status'), words(visitor, 'privacyPreferences')],
    records.subscriptions.map((s) => ({
      cells: [
        s.email,
        status('sub_', s.status),
        lines([words(visitor, s.preferences.cadence === 'weekly' ? 'cadenceWeekly' : 'cadenceInstant'), s.preferences.topics.length ? field(words(visitor, 'privacyTopics'), s.preferences.topics.join(lang === 'en' ? ', ' : '、')) : '', s.preferences.reminders ? words(visitor, 'wantReminders') : '']),
      ],
    })),
  );
  const reservations = cardTable(
    [words(visitor, 'privacyService'), words(visitor, 'privacyGave'), words(visitor, 'status')],
    records.reservations.map((r) => ({
      cells: [html`${inLanguage(r.service, lang)} · ${r.centre}<br><span class="muted">${r.number} · ${span(r.start, r.end, r.timezone)}</span>`, lines([r.name, r.email, r.phone && spokenMobile(r.phone), r.company, r.creditCode]), status('rst_', r.status)],
    })),
  );
  const mails = html`<ul>${records.mails.map((m) => html`<li>${say(visitor, 'privacyMailSent', { subject: m.subject, at: at(m.sentAt ?? m.createdAt) })}</li>`)}</ul>`;
  // By number, mail is not matched: it is kept by the address it went to, and a number proves no address.
  const mailsElsewhere = 'mobile' in records.subject ? html`<p class="muted">${say(visitor, 'privacyMailsByAddress')}</p>` : '';
  return html`${section(words(visitor, 'privacyRegistrations'), registrations, records.registrations.length)}
${section(words(visitor, 'privacyInvitations'), invitations, records.invitations.length)}
${section(words(visitor, 'privacySubscriptions'), subscriptions, records.subscriptions.length)}
${section(words(visitor, 'privacyReservations'), reservations, records.reservations.length)}
${section(words(visitor, 'privacyMails', { n: records.mails.length }), mails, records.mails.length)}${mailsElsewhere}`;
}

/** Whom a page is about, as people read it: the address, or the number spaced. */
export const subjectInWords = (subject: DataSubject) => ('email' in subject ? subject.email : spokenMobile(subject.mobile));

/** Everything held, as the JSON download both pages offer: every field, never cached. */
export function sendRecordsJson(reply: FastifyReply, records: PersonalRecords, filename: string) {
  return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(JSON.stringify(records, null, 2));
}

/** An erasure's counts in the address a page redirects to afterwards: numbers only, so the link cannot carry words of its own. */
const COUNT_PARAMS: Record<keyof ErasureCounts, string> = { registrations: 'r', feedback: 'f', invitations: 'i', reservations: 'v', subscribers: 's', emails: 'm', cancelled: 'c' };

export function erasedQuery(counts: ErasureCounts): Record<string, string> {
  return { erased: '1', ...Object.fromEntries(Object.entries(COUNT_PARAMS).map(([key, param]) => [param, String(counts[key as keyof ErasureCounts])])) };
}

/** The counts `erasedQuery` wrote, or null when the address says no erasure (anything not a number counts 0). */
export function erasedFrom(query: Record<string, unknown>): ErasureCounts | null {
  if (query.erased !== '1') return null;
  const n = (param: string) => (typeof query[param] === 'string' && /^\d{1,6}$/.test(query[param]) ? Number(query[param]) : 0);
  return Object.fromEntries(Object.entries(COUNT_PARAMS).map(([key, param]) => [key, n(param)])) as unknown as ErasureCounts;
}

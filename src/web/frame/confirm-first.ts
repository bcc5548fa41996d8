import type { FastifyReply } from 'fastify';
import { html, type HtmlPart } from '../../http/html.js';
import { text, type FormBody } from './forms.js';
import { csrfField, sendPage, words } from './layout.js';
import type { Visitor } from './visitor.js';

/** True when the form carries the "yes" of a confirmation page. */
export function confirmed(form: FormBody | undefined): boolean {
  return text(form, 'confirmed') === 'yes';
}

export interface Confirmation {
  title: string;
  /** What will happen, in sentences (who is told, what is cancelled). */
  consequences: HtmlPart[];
  /** The same action the button posted to. */
  action: string;
  /** The form's own fields, posted again with the yes. */
  fields: FormBody;
  yes: string;
  /** Where "no" goes (the page the button was on). */
  back: string;
  danger?: boolean;
}

/**
 * Risky actions ask first, without script: the button's post (without `confirmed=yes`) answers
 * this page, which says what will happen and whose "yes" posts the same fields again with the
 * confirmation; "no" goes back and nothing changed. Refreshing it changes nothing either.
 */
export function confirmPage(reply: FastifyReply, visitor: Visitor, confirmation: Confirmation): FastifyReply {
  const hidden = Object.entries(confirmation.fields)
    .filter(([name]) => name !== '_csrf' && name !== 'confirmed')
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value ?? '']).map((v) => html`<input type="hidden" name="${name}" value="${v}">`));
  const body = html`<ul class="consequences">${confirmation.consequences.map((line) => html`<li>${line}</li>`)}</ul>
<form method="post" action="${confirmation.action}" class="actions">${csrfField(visitor)}${hidden}<input type="hidden" name="confirmed" value="yes"><button class="${confirmation.danger ? 'danger' : 'primary'}">${confirmation.yes}</button><a class="button" href="${confirmation.back}">${words(visitor, 'confirmNo')}</a></form>`;
  return sendPage(reply, visitor, confirmation.title, body);
}

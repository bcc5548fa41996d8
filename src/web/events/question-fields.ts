import type { Question } from '../../db/schema.js';
import { html, type SafeHtml } from '../../http/html.js';
import { countryChoices } from '../../i18n/countries.js';
import { questionLabel } from '../../events/event-questions.js';
import { list, text, type FormBody } from '../frame/forms.js';
import { say } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** What a form answered, by question id: text or an option, several options, or a ticked box. */
export type FormAnswers = Record<string, string | string[]>;

/** The answers a registration form sent (`q.<id>` fields; several boxes of one question repeat the name). */
export function formAnswers(form: FormBody, questions: Question[]): FormAnswers {
  return Object.fromEntries(questions.map((q) => [q.id, q.type === 'multi' ? list(form, `q.${q.id}`) : text(form, `q.${q.id}`)]));
}

/** The event's questions as form fields in the visitor's language, filled with what they answered before. */
export function questionFields(visitor: Visitor, questions: Question[], answered: FormAnswers = {}): SafeHtml {
  return html`${questions.map((q) => {
    const name = `q.${q.id}`;
    const label = questionLabel(q, visitor.language);
    const optional = q.required ? '' : html` <span class="muted">(${say(visitor, 'optional')})</span>`;
    const value = answered[q.id];
    const chosen = (option: string) => (Array.isArray(value) ? value.includes(option) : value === option);
    if (q.type === 'text') return html`<label for="${name}">${label}${optional}</label><textarea id="${name}" name="${name}" maxlength="2000"${q.required ? html` required` : ''}>${typeof value === 'string' ? value : ''}</textarea>`;
    if (q.type === 'country') {
      const choices = countryChoices(visitor.language);
      return html`<label for="${name}">${label}${optional}</label><select id="${name}" name="${name}"${q.required ? html` required` : ''}><option value="">—</option>${choices.map((c) => html`<option value="${c.code}"${value === c.code ? html` selected` : ''}>${c.name}</option>`)}</select>`;
    }
    if (q.type === 'consent') return html`<p class="check"><label><input type="checkbox" name="${name}" value="true"${q.required ? html` required` : ''}${value === 'true' ? html` checked` : ''}> ${label}</label></p>`;
    const kind = q.type === 'choice' ? 'radio' : 'checkbox';
    return html`<fieldset class="question"><legend>${label}${optional}</legend>${(q.options ?? []).map(
      (option) => html`<label class="option"><input type="${kind}" name="${name}" value="${option}"${q.required && kind === 'radio' ? html` required` : ''}${chosen(option) ? html` checked` : ''}> ${option}</label>`,
    )}</fieldset>`;
  })}`;
}

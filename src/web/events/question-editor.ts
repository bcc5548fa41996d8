import { LANGUAGES, QUESTION_TYPES, type Language, type Question } from '../../db/schema.js';
import { html, type SafeHtml } from '../../http/html.js';
import { MAX_QUESTIONS, questionLabel } from '../../events/event-questions.js';
import { t } from '../../i18n/translate.js';
import { text, type FormBody } from '../frame/forms.js';
import { options, say, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** The event's language as its form has it (question labels are written in it), else the visitor's. */
export function eventLanguageOf(value: string | undefined, visitor: Visitor): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : visitor.language;
}

/** Rows the form shows beyond the questions there are, for adding new ones (no script). */
const SPARE_ROWS = 2;

/**
 * The organizer's question rows: label, kind, options (one per line) and required, per question,
 * plus two empty rows. A row left without a label is dropped; ids stay with their questions so
 * answers given before keep their key.
 */
export function questionEditor(visitor: Visitor, questions: Question[], language: Language): SafeHtml {
  const rows = Math.min(MAX_QUESTIONS, questions.length + SPARE_ROWS);
  return html`<fieldset class="questions"><legend>${say(visitor, 'questionsTitle')}</legend><p class="muted hint">${say(visitor, 'questionsHint')}</p>${Array.from({ length: rows }, (_, i) => {
    const q = questions[i];
    const name = (field: string) => `question.${i}.${field}`;
    return html`<div class="question-row">${q ? html`<input type="hidden" name="${name('id')}" value="${q.id}">` : ''}
<label for="${name('label')}">${say(visitor, 'questionLabel', { n: i + 1 })}</label><input id="${name('label')}" name="${name('label')}" maxlength="300" value="${q ? questionLabel(q, language) : ''}">
<div class="row"><div><label for="${name('type')}">${say(visitor, 'questionType')}</label><select id="${name('type')}" name="${name('type')}">${options(
      QUESTION_TYPES.map((type) => ({ value: type, label: words(visitor, `questionType_${type}`) })),
      q?.type ?? 'text',
    )}</select></div><div><label class="check"><input type="checkbox" name="${name('required')}" value="true"${q?.required ? html` checked` : ''}> ${say(visitor, 'questionRequired')}</label></div></div>
<label for="${name('options')}">${say(visitor, 'questionOptions')}</label><textarea id="${name('options')}" name="${name('options')}" rows="2">${(q?.options ?? []).join('\n')}</textarea></div>`;
  })}</fieldset>`;
}

/** The question rows a form sent, as the API's questions (labels in the event's language, other languages kept). */
export function questionsFromForm(form: FormBody, language: Language, before: Question[]): Question[] {
  const out: Question[] = [];
  const used = new Set(before.map((q) => q.id));
  for (let i = 0; i < MAX_QUESTIONS; i++) {
    const field = (name: string) => text(form, `question.${i}.${name}`);
    const type = (QUESTION_TYPES as readonly string[]).includes(field('type')) ? (field('type') as Question['type']) : 'text';
    // The built-in country question needs no label: it reads "Country or region" in both languages.
    const label = field('label') || (type === 'country' ? t(language, 'countryQuestion') : '');
    if (!label) continue;
    const kept = before.find((q) => q.id === field('id'));
    let id = kept?.id;
    for (let n = i + 1; !id; n++) if (!used.has(`q${n}`)) id = `q${n}`;
    used.add(id);
    const choices = field('options').split(/\r?\n/).map((o) => o.trim()).filter(Boolean);
    const builtIn = type === 'country' && !field('label') ? { en: t('en', 'countryQuestion'), 'zh-CN': t('zh-CN', 'countryQuestion') } : {};
    out.push({ id, label: { ...kept?.label, ...builtIn, [language]: label }, type, ...(choices.length ? { options: choices } : {}), required: field('required') === 'true' });
  }
  return out;
}

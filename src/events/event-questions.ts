import type { Answers, Language, Question } from '../db/schema.js';
import { BadRequestError } from '../errors/http-errors.js';
import { isCountryCode } from '../i18n/countries.js';

export const MAX_QUESTIONS = 10;
const MAX_TEXT_ANSWER = 2000;

/** A question's label in a language, or in the other one when it has only that. */
export function questionLabel(question: Pick<Question, 'label'>, language: Language): string {
  return question.label[language] ?? question.label[language === 'en' ? 'zh-CN' : 'en'] ?? '';
}

/** Checks what the schema cannot: ids unique, a label in some language, options exactly where a choice needs them. */
export function assertQuestions(questions: Question[]): void {
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    const field = `questions.${i}`;
    if (seen.has(q.id)) throw new BadRequestError(`Question id "${q.id}" is used twice.`, `${field}.id`).say('errQuestionTwice', { id: q.id });
    seen.add(q.id);
    if (!q.label.en?.trim() && !q.label['zh-CN']?.trim()) throw new BadRequestError(`Question "${q.id}" needs a label.`, `${field}.label`).say('errQuestionLabel', { id: q.id });
    const choice = q.type === 'choice' || q.type === 'multi';
    if (choice && !q.options?.length) throw new BadRequestError(`Question "${q.id}" (${q.type}) needs options.`, `${field}.options`).say('errQuestionOptions', { id: q.id });
    if (!choice && q.options?.length) throw new BadRequestError(`Question "${q.id}" (${q.type}) takes no options.`, `${field}.options`).say('errQuestionNoOptions', { id: q.id });
    if (q.options && new Set(q.options).size !== q.options.length) throw new BadRequestError(`Question "${q.id}" lists an option twice.`, `${field}.options`).say('errQuestionOptions', { id: q.id });
  });
  if (questions.filter((q) => q.type === 'country').length > 1) throw new BadRequestError('An event asks the country or region once.', 'questions').say('errQuestionCountryTwice');
}

/**
 * A registration's answers, checked against the event's questions: a missing required answer,
 * an unknown question or option, a wrong kind of value or an over-long text is a 400 naming the
 * question (`answers.<id>`). Each answer keeps the label it answered, in the event's language.
 */
export function answersFor(questions: Question[], given: Record<string, unknown> | undefined, language: Language): Answers | null {
  const input = given ?? {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  const unknown = Object.keys(input).find((id) => !byId.has(id));
  if (unknown !== undefined) throw new BadRequestError(`This event asks no question "${unknown}".`, `answers.${unknown}`).say('errAnswerUnknown', { id: unknown });
  const answers: Answers = {};
  for (const q of questions) {
    const label = questionLabel(q, language);
    const field = `answers.${q.id}`;
    const refuse = (detail: string) => new BadRequestError(`“${label}”: ${detail}`, field).say('errAnswer', { question: label });
    let value = input[q.id];
    if (typeof value === 'string') value = value.trim();
    if (q.type === 'multi' && typeof value === 'string') value = value ? [value] : [];
    const empty = value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) throw new BadRequestError(`“${label}” must be answered.`, field).say('errAnswerRequired', { question: label });
      continue;
    }
    if (q.type === 'text') {
      if (typeof value !== 'string') throw refuse('give text.');
      if (value.length > MAX_TEXT_ANSWER) throw refuse(`at most ${MAX_TEXT_ANSWER} characters.`);
    } else if (q.type === 'choice') {
      if (typeof value !== 'string' || !q.options!.includes(value)) throw refuse('choose one of the options.');
    } else if (q.type === 'country') {
      if (typeof value !== 'string' || !isCountryCode(value.toUpperCase())) throw refuse('choose a country or region from the list.');
      value = value.toUpperCase();
    } else if (q.type === 'multi') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !q.options!.includes(v))) throw refuse('choose among the options.');
      value = [...new Set(value as string[])];
    } else if (value !== true && value !== 'true' && value !== 'on' && value !== 'yes') throw refuse('tick the box to agree.');
    else value = true;
    answers[q.id] = { label, value: value as string | string[] | boolean };
  }
  return Object.keys(answers).length ? answers : null;
}

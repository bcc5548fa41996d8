import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DateTime } from 'luxon';
import { BadRequestError, HttpError } from '../../errors/http-errors.js';
import { PATTERN_KEYS, PATTERN_MESSAGES } from '../../http/schemas.js';
import { isMessageKey, t } from '../../i18n/translate.js';
import type { Visitor } from './visitor.js';

/** A urlencoded form as @fastify/formbody parses it: repeated names become arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One field, trimmed; the last value when it was sent more than once. */
export function text(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  return (Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '')).trim();
}

/** A field sent once per ticked box or comma-separated in one box: its non-empty values. */
export function list(body: FormBody | undefined, name: string): string[] {
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values.flatMap((v) => v.split(/[,，]/)).map((v) => v.trim()).filter(Boolean);
}

/**
 * Checks a form's values against the API's own schema (pages and API share the rules), after
 * turning strings into the numbers and booleans the schema asks for. A failure is the same 400
 * the API gives, naming the field.
 */
export function parseForm<S extends TSchema>(schema: S, values: Record<string, unknown>): Static<S> {
  const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined));
  const converted = Value.Convert(schema, present);
  if (Value.Check(schema, converted)) return converted;
  const [first] = Value.Errors(schema, converted);
  const missing = (first?.params as { requiredProperties?: string[] } | undefined)?.requiredProperties?.[0];
  const field = missing ?? first?.instancePath.split('/').filter(Boolean)[0];
  const pattern = (first?.params as { pattern?: string } | undefined)?.pattern;
  const message = (pattern && PATTERN_MESSAGES[pattern]) || first?.message || 'is not valid';
  const patternKey = pattern ? PATTERN_KEYS[pattern as keyof typeof PATTERN_KEYS] : undefined;
  throw new BadRequestError(missing ? `${missing} is required.` : `${field ?? 'form'} ${message}.`, field).say(missing ? 'errFieldRequired' : (patternKey ?? 'errFieldInvalid'), { field: field ?? '', problem: message });
}

/** A day (YYYY-MM-DD) and a wall-clock time (HH:MM) in `zone` as ISO 8601 with that zone's offset. */
export function zonedInstant(date: string, time: string, zone: string, field: string): string {
  const at = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!date || !time || !at.isValid) throw new BadRequestError(`${field}: give a date (YYYY-MM-DD) and a time (HH:MM).`, field).say('errDateTime', { what: field, field });
  return at.toISO({ suppressMilliseconds: true });
}

/**
 * A client error a form can show next to its fields, in the visitor's words when the service named
 * them (HttpError.say); anything else (a bug, an outage) is thrown on.
 */
export function refusal(error: unknown, visitor: Visitor): { status: number; message: string } {
  if (!(error instanceof HttpError) || error.status >= 500) throw error;
  if (!error.words) return { status: error.status, message: error.message };
  const { key, values } = error.words;
  // A form field's name reads as the label people saw next to it; a kind's as its name (`kindName`).
  const said = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, (name === 'field' || name === 'kindName') && typeof value === 'string' && isMessageKey(value) ? t(visitor.language, value) : value]),
  );
  return { status: error.status, message: t(visitor.language, key, said) };
}

/** A `?page=` number: 1 to 10,000; anything else (1e308, -1, 99999999999999999999, text) is page 1. */
export function pageNumber(value: unknown): number {
  return typeof value === 'string' && /^[1-9]\d{0,3}$|^10000$/.test(value) ? Number(value) : 1;
}

/** The numeric `:id` of a page's path; anything else becomes 0, which no row has (a 404). */
export function idParam(params: unknown, name = 'id'): number {
  const raw = (params as Record<string, string | undefined>)[name] ?? '';
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : 0;
}

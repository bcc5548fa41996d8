import { Type, type TSchema } from 'typebox';

/** RFC 9457 problem details, as every 4xx/5xx answer carries them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    field: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json).' },
);

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid; `field` names what to fix.',
  401: 'No valid API token.',
  403: 'The token is valid but may not do this.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  503: 'A dependency does not answer.',
};

/** Problem responses for the given statuses, for a route's `response` schema. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, { ...ProblemSchema, description: STATUS_TEXT[status] ?? 'Problem.' }]));
}

/**
 * An address mail can reach: a plain local part (no quotes, spaces or control characters) and a
 * domain with a dot and a top-level name (`a@localhost`, `a@b` are refused). The API and the
 * pages check it with the same pattern, so neither is looser than the other.
 */
export const EMAIL_PATTERN = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$";
/** Control characters other than tab, CR and LF: never in anything a person types. */
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F';
export const SINGLE_LINE_PATTERN = '^[^\\u0000-\\u001F\\u007F]*$';
export const MULTI_LINE_PATTERN = `^[^${CONTROLS}]*$`;

/** What a refusal by these patterns says, instead of the pattern itself. */
/** The message key a page shows for each pattern's refusal (see src/i18n/messages.ts). */
export const PATTERN_KEYS = {
  [EMAIL_PATTERN]: 'errFieldEmail',
  [SINGLE_LINE_PATTERN]: 'errFieldOneLine',
  [MULTI_LINE_PATTERN]: 'errFieldControl',
} as const;

export const PATTERN_MESSAGES: Record<string, string> = {
  [EMAIL_PATTERN]: 'must be an email address such as name@example.org',
  [SINGLE_LINE_PATTERN]: 'must be one line, without line breaks or control characters',
  [MULTI_LINE_PATTERN]: 'must not contain control characters',
};

/**
 * One line a person typed (a title, a name, a place): no CR, LF, tab or other control
 * character, which would let it break out of a calendar line, a mail header or a CSV row.
 */
export function SingleLine(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ ...options, pattern: SINGLE_LINE_PATTERN });
}

/** Text of several lines a person typed (a summary, a purpose, a reason): line breaks, no other control characters. */
export function MultiLine(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ ...options, pattern: MULTI_LINE_PATTERN });
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Numeric id.' }) });

export const Email = Type.String({ format: 'email', pattern: EMAIL_PATTERN, maxLength: 254 });

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 instant with offset.' });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

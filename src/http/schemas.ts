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

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Numeric id.' }) });

export const Email = Type.String({ format: 'email', maxLength: 254 });

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

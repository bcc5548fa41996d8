import fc, { type Arbitrary } from 'fast-check';

/** The part of JSON Schema our OpenAPI document uses (TypeBox output). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
}

const dateTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) => fc.constantFrom('Z', '+08:00', '-05:00').map((zone) => (zone === 'Z' ? date.toISOString() : date.toISOString().replace('Z', zone))));

const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.constantFrom('example.org', 'founder.example', 'x.cn')).map(([local, domain]) => `${local}@${domain}`);

/** Values that fit `schema`: the "valid" half of the fuzzing (a route may still refuse them by its rules). */
export function validValue(schema: JsonSchema, depth = 0): Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(s, depth)));
  if (schema.allOf) return validValue(Object.assign({}, ...schema.allOf), depth);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['object'];
  if (type.length > 1) return fc.oneof(...type.map((t) => validValue({ ...schema, type: t }, depth)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000, noNaN: true });
    case 'string':
      return stringOf(schema);
    case 'array': {
      if (depth > 3) return fc.constant([]);
      return fc.array(validValue(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    }
    default:
      return objectOf(schema, depth);
  }
}

function stringOf(schema: JsonSchema): Arbitrary<string> {
  if (schema.format === 'date-time') return dateTime;
  if (schema.format === 'email') return email;
  if (schema.format === 'uri') return fc.webUrl();
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function objectOf(schema: JsonSchema, depth: number): Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (depth > 3 || Object.keys(properties).length === 0) return fc.constant({});
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, validValue(value, depth + 1)])),
    { requiredKeys: (schema.required ?? []).filter((key) => key in properties) as never[] },
  ) as Arbitrary<Record<string, unknown>>;
  const { minProperties = 0, maxProperties = Infinity } = schema;
  return record.filter((value) => Object.keys(value).length >= minProperties && Object.keys(value).length <= maxProperties);
}

/**
 * Values that mostly do not fit: anything at all, a valid value with one member replaced by
 * anything, dropped or joined by an unknown one, and oversized strings.
 */
export function invalidValue(schema: JsonSchema): Arbitrary<unknown> {
  const anything = fc.anything({ maxDepth: 2, withNullPrototype: false });
  const broken = validValue(schema).chain((value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
    const keys = Object.keys(value);
    return fc.oneof(
      keys.length ? fc.tuple(fc.constantFrom(...keys), anything).map(([key, junk]) => ({ ...value, [key]: junk })) : fc.constant(value),
      keys.length ? fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))) : fc.constant(value),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anything).map(([key, junk]) => ({ ...value, [key]: junk })),
      keys.length ? fc.constantFrom(...keys).map((key) => ({ ...value, [key]: 'x'.repeat(5000) })) : fc.constant(value),
    );
  });
  return fc.oneof(anything, broken, broken);
}

import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { freePort } from '../helpers/redis-server.js';
import { invalidValue, validValue, type JsonSchema } from '../helpers/schema-arbitrary.js';
import { seedMember, seedMemberIn, startTestApp, type TestApp } from '../helpers/test-app.js';
import { requestBooking, slot } from '../helpers/venue-fixtures.js';

/**
 * Drives every operation of the OpenAPI document with generated requests, valid and invalid:
 * nothing answers 5xx, every error is problem+json, and a refused request writes nothing.
 * FUZZ_REQUESTS (default 10,500) and FUZZ_SEED make longer or different runs.
 */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

let t: TestApp;
let operations: Operation[] = [];
/** Anonymous, a coordinator, the organizer of the seeded event and the manager of its park. */
const PRINCIPALS = 4;
let auths: Array<Record<string, string>> = [];
let people: () => Array<Record<string, string>> = () => [];
let sent = 0;

beforeAll(async () => {
  // Redis unreachable: no background job writes between a request and the check of what it wrote.
  t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, OUTBOX_SWEEP_MS: '3600000' });
  const { organizer, manager, venue } = await seedPublishedEvent(t.app);
  await requestBooking(t.app, organizer.auth, { venueId: venue.id, ...slot(12, '10:00', '11:00') });
  // Fresh members of the same organizations, for when a request revoked the callers' tokens.
  people = () => [{}, seedMember(t.app, 'coordinator').auth, seedMemberIn(t.app, organizer.organization, 'organizer').auth, seedMemberIn(t.app, manager.organization, 'park_manager').auth];
  auths = people();
  writes = logWrites();
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }>();
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content['application/json']?.schema })),
  );
});
afterAll(() => t?.close());

function pathValue(name: string): Arbitrary<string> {
  if (name === 'token') return fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{8,40}\.[A-Za-z0-9_-]{8,40}$/));
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 30 }).map(String) }, fc.integer({ min: -5, max: 2 ** 40 }).map(String), fc.string({ maxLength: 30 }));
}

function queryValue(parameter: Parameter, valid: boolean): Arbitrary<string | undefined> {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const present = (valid ? validValue(parameter.schema) : invalidValue(parameter.schema)).map(text);
  return parameter.required ? present : fc.option(present, { nil: undefined });
}

/** One generated request of an operation: who calls, the URL, and maybe a body; two in three fit the schemas. */
function requestOf(op: Operation) {
  return fc.oneof({ weight: 2, arbitrary: requestShaped(op, true) }, requestShaped(op, false));
}

function requestShaped(op: Operation, valid: boolean) {
  const path = fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(p.name)])));
  const query = fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, queryValue(p, valid)])));
  const body = op.body ? (valid ? validValue(op.body) : invalidValue(op.body)) : valid ? fc.constant(undefined) : fc.option(fc.anything({ maxDepth: 1 }), { nil: undefined });
  return fc.record({ who: fc.nat(PRINCIPALS - 1), path, query, body }).map(({ who, path: params, query: q, body: payload }) => {
    const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
    const search = new URLSearchParams(Object.entries(q).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return { who, url: search ? `${url}?${search}` : url, body: payload };
  });
}

/**
 * A log of committed writes: triggers on every table add a row to `fuzz_writes` in the same
 * transaction, so a write that was rolled back leaves no trace. Marking a token as just used
 * (done on every authenticated request) and counting a request against an hourly limit
 * (limit_hits: every attempt counts, refused or not) are not writes of the request's.
 */
function logWrites(): () => number {
  const sqlite = t.app.db.$client;
  sqlite.exec('create table fuzz_writes (id integer primary key, what text)');
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not in ('fuzz_writes', 'limit_hits')").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    for (const op of ['insert', 'update', 'delete']) {
      const when = name === 'api_tokens' && op === 'update' ? 'when new.revoked_at is not old.revoked_at or new.name is not old.name or new.token_hash is not old.token_hash' : '';
      sqlite.exec(`create trigger fuzz_${name}_${op} after ${op} on "${name}" ${when} begin insert into fuzz_writes (what) values ('${op} ${name}'); end`);
    }
  }
  const count = sqlite.prepare('select count(*) as n from fuzz_writes');
  return () => (count.get() as { n: number }).n;
}
let writes: () => number = () => 0;

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${TOTAL.toLocaleString('en')}+ generated requests without a 5xx; errors are problem+json and write nothing`, async () => {
    const docs = operations.filter((op) => op.path.startsWith('/docs'));
    const targets = operations.filter((op) => !docs.includes(op));
    expect(targets.length).toBeGreaterThan(50);
    const runs = Math.ceil(TOTAL / targets.length);
    for (const [i, op] of targets.entries()) {
      await fc.assert(
        fc.asyncProperty(requestOf(op), async ({ who, url, body }) => {
          const before = writes();
          const res = await t.app.inject({
            method: op.method as 'GET',
            url,
            headers: { ...auths[who], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
          });
          sent += 1;
          if (res.statusCode < 300 && /tokens/.test(op.path)) auths = people(); // a token may have been revoked
          const where = `${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          // /readyz answers 503 by design here: Redis is unreachable.
          if (op.path !== '/readyz') expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400 && op.path !== '/readyz') {
            expect(res.headers['content-type'], where).toContain('application/problem+json');
            const problem = res.json();
            expect(problem, where).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.statusCode, detail: expect.any(String) });
            expect(writes(), `a refused request wrote to the database: ${where}`).toBe(before);
          }
        }),
        { numRuns: runs, seed: SEED + i, endOnFailure: true },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
  }, 600_000);
});

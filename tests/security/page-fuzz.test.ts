import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken, startSession } from '../../src/web/frame/web-session.js';
import { isPageUrl } from '../../src/web/frame/web-plugin.js';
import { seedPublishedEvent } from '../helpers/event-fixtures.js';
import { seedMember, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Drives every page route (GET and POST) with generated requests, signed in as each kind of
 * member and anonymously, with valid CSRF fields so the handlers run: url-encoded, JSON and
 * multipart bodies, repeated keys, huge numbers, lone surrogates, over-long and hostile text.
 * Nothing may answer 5xx. PAGE_FUZZ_RUNS (default 100 per route) and FUZZ_SEED vary the run.
 */
const RUNS = Number(process.env.PAGE_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const SEED_CSRF = 'fuzz-seed-0123456789abcdef';

let t: TestApp;
let routes: Array<{ method: 'GET' | 'POST'; url: string }> = [];
let visitors: Array<{ cookie: string; csrf: string }> = [];
let ids: number[] = [];

beforeAll(async () => {
  // With an SMS provider (nowhere to reach: a text that cannot go is logged, never a 5xx), so the texted-code pages are fuzzed too.
  const sms = { SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 'secret', SMS_SIGN_NAME: 'sign', SMS_TEMPLATE: 'SMS_1', SMS_BASE_URL: 'http://127.0.0.1:9' };
  t = await startTestApp({ OUTBOX_SWEEP_MS: '3600000', REGISTER_LIMIT_PER_IP: '1000000', REGISTER_LIMIT_PER_ADDRESS: '1000', SUBSCRIBE_LIMIT_PER_IP: '100000', SUBSCRIBE_LIMIT_PER_ADDRESS: '1000', ...sms });
  const { organizer, manager, event, venue, booking } = await seedPublishedEvent(t.app);
  const coordinator = seedMember(t.app, 'coordinator');
  ids = [event.id, venue.id, booking.id, organizer.organization.id, 1, 2];
  const visitor = (memberId?: number) => {
    const session = memberId ? startSession(t.app.db, memberId) : undefined;
    return { cookie: `cl_csrf=${SEED_CSRF}${session ? `; cl_session=${session}` : ''}`, csrf: csrfToken(t.app.secretKey, SEED_CSRF, session) };
  };
  visitors = [visitor(), visitor(organizer.member.id), visitor(manager.member.id), visitor(coordinator.member.id)];
  routes = t.app
    .routeAccess()
    .filter((route) => isPageUrl(route.url) && (route.method === 'GET' || route.method === 'POST'))
    .map((route) => ({ method: route.method as 'GET' | 'POST', url: route.url }));
});
afterAll(() => t?.close());

/** The pages behind signed links in mails, whose token the fuzzer can only make up. */
const signedLink = (url: string) => url.includes(':token') || url.startsWith('/booking-links') || url.startsWith('/subscribers/');

const nasty: Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('1e308', '99999999999999999999', '-1', '0', 'NaN', '\ud800', '\udfff', '%', '%ED%A0%80', '../../etc', '<script>', '\r\nX: y', 'a'.repeat(5000), '/\t/evil.example'),
  fc.integer({ min: 1, max: 40 }).map(String),
  fc.constantFrom(...['2026-12-07', '2030-01-07', '14:00', 'zh-CN', 'en', 'park', 'organizer']),
);
const fieldNames = fc.constantFrom('name', 'email', 'title', 'capacity', 'start', 'end', 'date', 'time', 'startTime', 'endTime', 'bookingId', 'venueId', 'topics', 'parks', 'cadence', 'language', 'token', 'next', 'q', 'page', 'week', 'reason', 'kind', 'role', 'from', 'to', 'groupBy', 'id', 'force', 'reminders', 'purpose', 'expectedAttendance', 'summary', 'onlineUrl', 'mobile', 'code', 't', 'who', 'confirm', 'door');
const pairs = fc.array(fc.tuple(fieldNames, nasty), { maxLength: 8 });

function pathOf(url: string): Arbitrary<string> {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids.map(String)) }, nasty.map((v) => percent(v.slice(0, 100))));
  return fc.tuple(...names.map(() => value)).map((values) => names.reduce((path, name, i) => path.replace(`:${name}`, values[i]!), url));
}

/** Percent-encodes as a browser would, except that a lone surrogate becomes bytes that are not UTF-8 (%ED%A0%80). */
const percent = (v: string) => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd')).replace(/%EF%BF%BD/g, '%ED%A0%80');
const encode = (entries: Array<[string, string]>) => entries.map(([k, v]) => `${percent(k)}=${percent(v)}`).join('&');

describe('fuzzing every page', () => {
  it('answers generated requests to every page route, as every kind of visitor, without a 5xx', async () => {
    expect(routes.length).toBeGreaterThan(30);
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const [i, route] of routes.entries()) {
      const request = fc.record({
        who: fc.nat(visitors.length - 1),
        path: pathOf(route.url),
        query: pairs,
        body: fc.oneof(
          { weight: 3, arbitrary: pairs.map((entries) => ({ type: 'application/x-www-form-urlencoded', form: entries })) },
          fc.anything({ maxDepth: 2 }).map((json) => ({ type: 'application/json', json })),
          fc.dictionary(fieldNames, fc.oneof(nasty, fc.integer(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null))).map((json) => ({ type: 'application/json', json })),
          fc.constant({ type: 'multipart/form-data; boundary=x', raw: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--x--\r\n' }),
          fc.constant({ type: 'text/plain', raw: 'email=a@example.org' }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ who, path, query, body }) => {
          const { cookie, csrf } = visitors[who]!;
          const url = query.length ? `${path}?${encode(query)}` : path;
          let payload: string | undefined;
          let type: string | undefined;
          if (route.method === 'POST') {
            type = body.type;
            if ('form' in body) payload = encode([['_csrf', csrf], ...body.form]);
            else if ('json' in body) payload = JSON.stringify(body.json !== null && typeof body.json === 'object' && !Array.isArray(body.json) ? { _csrf: csrf, ...body.json } : body.json) ?? 'null';
            else payload = body.raw;
          }
          const res = await t.app.inject({ method: route.method, url, headers: { cookie, accept: 'text/html', ...(type ? { 'content-type': type } : {}) }, ...(payload !== undefined ? { payload } : {}) });
          sent += 1;
          // A signed link's page refuses any made-up token (400) by design: it does not count here.
          if (!signedLink(route.url)) statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode, `${route.method} ${url} (${type ?? '-'}: ${payload?.slice(0, 200)}) → ${res.statusCode} ${res.body.replace(/<style>[\s\S]*?<\/style>/, '').slice(0, 400)}`).toBeLessThan(500);
        }),
        { numRuns: RUNS, seed: SEED + i, endOnFailure: true },
      );
    }
    expect(sent).toBe(routes.length * RUNS);
    // The handlers ran: most requests got past sign-in, CSRF and validation to an answer of their own.
    const ok = (statuses.get(200) ?? 0) + (statuses.get(303) ?? 0);
    const counted = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.info(`page fuzz: ${sent} requests`, Object.fromEntries(statuses));
    expect(ok / counted).toBeGreaterThan(0.3);
  }, 300_000);
});

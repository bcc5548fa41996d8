import { describe, expect, it } from 'vitest';
import { lazyCompilersFactory, warmUp, type Pending } from '../../src/http/lazy-compilers.js';
import { RequestPressure } from '../../src/queue/request-pressure.js';
import { useTestApp } from '../helpers/test-app.js';

const t = useTestApp();

const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, required: ['n'], additionalProperties: false };

describe('route schemas compiled lazily, and in the background once the service listens', () => {
  it('compiles a schema on its first use, or earlier by warmUp, a few at a time between turns of the event loop', async () => {
    const pending: Pending = new Set();
    const factory = lazyCompilersFactory(pending);
    const validators = Array.from({ length: 6 }, () => factory.buildValidator({}, { customOptions: {} })({ schema: { ...schema }, method: 'GET', url: '/x', httpPart: 'querystring' }));
    expect(pending.size).toBe(6);
    // First use compiles that one.
    expect(validators[0]!({ n: 2 })).toBe(true);
    expect(validators[0]!({ n: 0 })).toBe(false);
    expect((validators[0] as unknown as { errors: unknown[] }).errors).toHaveLength(1);
    expect(pending.size).toBe(5);
    // warmUp with no time to spare compiles one per turn: a callback queued meanwhile runs in between.
    const seen: number[] = [];
    const done = warmUp(pending, { budgetMs: 0 });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(() => resolve(seen.push(pending.size))));
    await done;
    expect(pending.size).toBe(0);
    // Between its steps, other callbacks ran and saw it part-way.
    expect(seen.filter((size) => size > 0 && size < 5).length).toBeGreaterThan(1);
    for (const validate of validators) expect([validate({ n: 3 }), validate({ n: 'x' })]).toEqual([true, false]);
  });

  it('waits while requests come, and compiles once they leave room', async () => {
    const pending: Pending = new Set();
    const factory = lazyCompilersFactory(pending);
    const validate = factory.buildValidator({}, { customOptions: {} })({ schema: { ...schema }, method: 'GET', url: '/y', httpPart: 'querystring' });
    // A request has just begun; the app's pressure wants a quiet second before work that can wait.
    const pressure = new RequestPressure(1_000, 60_000);
    pressure.began();
    const done = warmUp(pending, { whenRoom: (step) => pressure.whenQuiet(step) });
    // Several turns while busy: nothing compiled.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pending.size).toBe(1);
    // No request since: it compiles once the second is quiet.
    await done;
    expect(pending.size).toBe(0);
    expect(validate({ n: 1 })).toBe(true);
  });

  it('leaves every route validating and serializing as before once the app compiled in the background', async () => {
    await t.app.compileSchemasInBackground();
    const bad = await t.app.inject({ method: 'GET', url: '/v1/events?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const good = await t.app.inject({ method: 'GET', url: '/v1/events?limit=5' });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ items: [], nextCursor: null });
  });
});

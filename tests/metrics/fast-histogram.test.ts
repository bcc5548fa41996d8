import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from '../../src/metrics/fast-histogram.js';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

describe('FastHistogram', () => {
  it('writes exactly what prom-client’s Histogram writes for the same observations', async () => {
    const series = fc.record({ method: fc.constantFrom('GET', 'POST'), route: fc.constantFrom('/v1/events', '/v1/events/:id', 'unmatched', 'a "quoted" \\ route'), status_code: fc.constantFrom('200', '404') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(series, fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(...BOUNDS))), { maxLength: 200 }), async (observations) => {
        const theirs = new Registry();
        const ours = new Registry();
        const reference = new Histogram({ name: 'x_seconds', help: 'Help with "quotes" and \\ too.', labelNames: ['method', 'route', 'status_code'], buckets: BOUNDS, registers: [theirs] });
        const fast = new FastHistogram<'method' | 'route' | 'status_code'>('x_seconds', 'Help with "quotes" and \\ too.', BOUNDS, ours);
        for (const [labels, value] of observations) {
          reference.observe(labels, value);
          // Asked again for the same labels, it is the same series.
          fast.seriesOf({ ...labels })(value);
        }
        // The same lines; the order of series may differ (prom-client's follows its label hashes).
        const lines = async (registry: Registry) => (await registry.metrics()).split('\n').sort();
        expect(await lines(ours)).toEqual(await lines(theirs));
      }),
      { numRuns: 100 },
    );
  });
});

import type { Metric, Registry } from 'prom-client';

/**
 * A Prometheus histogram for what happens on every request, with plain counters per series:
 * prom-client's Histogram validates and hashes the label object on each observe() (even through
 * a child from labels()), which took 3–5% of a cached listing (#36). Each series is looked up
 * once by the caller and kept; the registry reads it in the same shape as prom-client's own
 * histograms (`_bucket` with cumulative `le`, `_sum`, `_count`), so /metrics does not change.
 */
export class FastHistogram<Label extends string> {
  private readonly series: Array<{ labels: Record<Label, string>; counts: number[]; sum: number; count: number }> = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  readonly type = 'histogram';
  readonly aggregator = 'sum';

  private readonly observers = new Map<string, (seconds: number) => void>();

  /** The series of these labels to observe into (the same one when asked again); keep it, so labels are not looked up per observation. */
  seriesOf(labels: Record<Label, string>): (seconds: number) => void {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const known = this.observers.get(key);
    if (known) return known;
    const series = { labels, counts: new Array<number>(this.upperBounds.length).fill(0), sum: 0, count: 0 };
    this.series.push(series);
    const bounds = this.upperBounds;
    const observe = (seconds: number) => {
      series.sum += seconds;
      series.count += 1;
      for (let i = 0; i < bounds.length; i++) {
        if (seconds <= bounds[i]!) {
          series.counts[i]! += 1;
          return;
        }
      }
    };
    this.observers.set(key, observe);
    return observe;
  }

  /** What the registry writes out (prom-client calls it for every metric it holds). */
  get() {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
    for (const { labels, counts, sum, count } of this.series) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    for (const series of this.series) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}

/**
 * Measures ours against its baseline in turns — baseline, ours, baseline, ours … — rather than one
 * long run each: the machines we run on drift in speed over tens of seconds (a bare route's rate
 * moved by a third from one run to the next on 2026-12-07), and a drift then falls on one side.
 * Rates are the requests of all turns over their time; p50/p99 are the median of the turns'.
 */
export interface Turn {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx?: number;
}

export interface Alternated {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function combine(turns: Turn[]): Alternated {
  const requests = turns.reduce((sum, turn) => sum + turn.requests, 0);
  const seconds = turns.reduce((sum, turn) => sum + turn.seconds, 0);
  return { requestsPerSecond: requests / seconds, p50: median(turns.map((t) => t.p50)), p99: median(turns.map((t) => t.p99)), non2xx: turns.reduce((sum, turn) => sum + (turn.non2xx ?? 0), 0) };
}

/**
 * `seconds` of each side in all, in `turns` alternating turns, after a warm-up turn of each (2 s,
 * not counted: the first seconds of a process run code the JIT has not compiled yet).
 */
export async function alternate(seconds: number, turns: number, baseline: (seconds: number) => Promise<Turn>, ours: (seconds: number) => Promise<Turn>): Promise<{ baseline: Alternated; ours: Alternated }> {
  await baseline(2);
  await ours(2);
  const each = Math.max(1, Math.round(seconds / turns));
  const base: Turn[] = [];
  const own: Turn[] = [];
  for (let i = 0; i < turns; i++) {
    base.push(await baseline(each));
    own.push(await ours(each));
  }
  return { baseline: combine(base), ours: combine(own) };
}

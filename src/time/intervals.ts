/** Half-open intervals [start, end) of UTC milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts and joins intervals that overlap or touch. */
export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else out.push({ ...interval });
  }
  return out;
}

/** True when the interval lies wholly inside one of the (merged) intervals. */
export function covers(intervals: Interval[], interval: Interval): boolean {
  return merge(intervals).some((i) => i.start <= interval.start && interval.end <= i.end);
}

/** The parts of `from` not covered by any of `minus`. */
export function subtract(from: Interval[], minus: Interval[]): Interval[] {
  const holes = merge(minus);
  const out: Interval[] = [];
  for (const interval of merge(from)) {
    let cursor = interval.start;
    for (const hole of holes) {
      if (hole.end <= cursor || hole.start >= interval.end) continue;
      if (hole.start > cursor) out.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
    }
    if (cursor < interval.end) out.push({ start: cursor, end: interval.end });
  }
  return out;
}

/** Intersection of each interval with a window. */
export function clip(intervals: Interval[], window: Interval): Interval[] {
  return intervals
    .map((i) => ({ start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) }))
    .filter((i) => i.end > i.start);
}

/** The parts both lists cover. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const left = merge(a);
  const right = merge(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i]!.start, right[j]!.start);
    const end = Math.min(left[i]!.end, right[j]!.end);
    if (end > start) out.push({ start, end });
    if (left[i]!.end < right[j]!.end) i++;
    else j++;
  }
  return out;
}

export const HOUR_MS = 3_600_000;

/** The length of a booking or span in hours (fractional). */
export const hoursBetween = (start: Date, end: Date) => (end.getTime() - start.getTime()) / HOUR_MS;

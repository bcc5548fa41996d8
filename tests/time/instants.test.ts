import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inZone, parseInstant } from '../../src/time/instants.js';

const luxon = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

describe('inZone', () => {
  it('writes what luxon writes, around every DST change and odd offset, to the millisecond', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Europe/London', 'Etc/UTC', 'UTC'];
    // Each zone's changes of 2026–2027 come from luxon itself (hour by hour); each quarter hour of a changing hour is tried, a few minutes either side.
    for (const zone of zones) {
      const instants: number[] = [];
      let before = DateTime.fromISO('2026-01-01T00:00:00Z').setZone(zone);
      for (let ms = before.toMillis(); ms < Date.parse('2028-01-01T00:00:00Z'); ms += 3_600_000) {
        const at = DateTime.fromMillis(ms, { zone });
        if (at.offset !== before.offset) {
          for (let q = ms - 3_600_000; q <= ms; q += 15 * 60_000) for (let d = -3 * 60_000; d <= 3 * 60_000; d += 30_000) instants.push(q + d, q + d - 1, q + d + 999);
        }
        before = at;
      }
      for (let i = 0; i < 2000; i++) instants.push(Date.parse('2026-01-01T00:00:00Z') + Math.floor(((i * 7919) % 1000) / 1000 * 2 * 365 * 86_400_000) + (i % 1000));
      for (const ms of instants) expect(inZone(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(luxon(ms, zone));
    }
  });
});

describe('parseInstant', () => {
  /** What parseInstant gave before its shortcut: luxon alone. */
  const byLuxon = (value: string): number | 'refused' => {
    const parsed = DateTime.fromISO(value, { setZone: true });
    return parsed.isValid ? parsed.toMillis() : 'refused';
  };
  const ours = (value: string): number | 'refused' => {
    try {
      return parseInstant(value, 'from');
    } catch {
      return 'refused';
    }
  };
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

  it('reads every RFC 3339 time as luxon does, impossible dates and offsets included', () => {
    const stamp = fc
      .tuple(fc.integer({ min: 1, max: 9999 }), two(13), two(32), two(24), two(60), two(60), fc.constantFrom('', '.000', '.5', '.123', '.999999'), fc.constantFrom('Z', '+08:00', '-03:30', '+14:00', '-00:00', '+05:45', '+25:00', '+08:60'))
      .map(([y, mo, d, h, mi, s, frac, zone]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}`);
    fc.assert(fc.property(stamp, (value) => {
      expect(ours(value), value).toBe(byLuxon(value));
    }), { numRuns: 20_000 });
    for (const value of ['2026-02-29T10:00:00Z', '2028-02-29T10:00:00+08:00', '2026-04-31T00:00:00Z', '2026-12-07T24:00:00Z', '2026-12-07T23:59:60Z', '2026-03-29T02:30:00+01:00']) {
      expect(ours(value), value).toBe(byLuxon(value));
    }
  });
});

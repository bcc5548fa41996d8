import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { inZone } from '../../src/time/instants.js';

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

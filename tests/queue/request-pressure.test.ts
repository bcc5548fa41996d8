import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestPressure } from '../../src/queue/request-pressure.js';

/**
 * RequestPressure times itself with the process's monotonic clock and its timers; here both are
 * vitest's fake ones, moved by hand, so what did not run yet is known without waiting.
 */
describe('work that gives way to requests', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs right after this turn of the event loop when no request has begun lately', () => {
    const pressure = new RequestPressure(5, 2_000);
    const work = vi.fn();
    pressure.whenQuiet(work);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(work).toHaveBeenCalledOnce();
  });

  it('waits while requests keep beginning, and runs once none has begun for the quiet time', () => {
    const pressure = new RequestPressure(5, 10_000);
    const work = vi.fn();
    pressure.began();
    pressure.whenQuiet(work);
    // A request every 2 ms for a second: never 5 ms without one.
    for (let ms = 0; ms < 1_000; ms += 2) {
      vi.advanceTimersByTime(2);
      pressure.began();
    }
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2);
    expect(work).toHaveBeenCalledOnce();
  });

  it('runs within the longest wait even while requests never stop, and each piece of work once', () => {
    const pressure = new RequestPressure(5, 50);
    const first = vi.fn();
    const second = vi.fn();
    pressure.began();
    pressure.whenQuiet(first);
    pressure.whenQuiet(second);
    for (let ms = 0; ms < 48; ms += 2) {
      vi.advanceTimersByTime(2);
      pressure.began();
    }
    expect(first).not.toHaveBeenCalled();
    for (let ms = 0; ms < 10; ms += 2) {
      vi.advanceTimersByTime(2);
      pressure.began();
    }
    expect(first).toHaveBeenCalledOnce();
    expect(second).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(1_000);
    expect(first).toHaveBeenCalledOnce();
  });
});

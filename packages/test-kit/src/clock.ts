/**
 * Time a spec moves by hand: `clock.now()` reads it, `clock.tick(ms)` moves it on. Two
 * writes a "moment apart" are `tick()` apart, never a sleep.
 *
 * Pass the time to a service's `now` parameter where it takes one. For code that reads
 * `new Date()` itself, give a `follow` that sets the process clock (a spec on jest:
 * `jest.useFakeTimers({ doNotFake: ALL_BUT_DATE, now: clock.now() })` once, and
 * `(t) => jest.setSystemTime(t)` here); it is called on every tick.
 */
export class TestClock {
  private t: number;

  constructor(
    start: Date | string | number = '2030-06-15T04:00:00Z',
    private readonly follow?: (now: Date) => void,
  ) {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  /** Moves on by `ms` (one millisecond unless told) and returns the new now. */
  tick(ms = 1): Date {
    this.t += ms;
    const now = this.now();
    this.follow?.(now);
    return now;
  }
}

/** Every timer API jest can fake except Date: fake only the clock, and leave sockets, drivers and sleeps real. */
export const ALL_BUT_DATE = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback',
  'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

/**
 * For a spec whose code under test reads `new Date()` itself (a resolver that takes no `now`):
 * freezes the process clock at `start` for the spec file (or describe) it is called in, and
 * returns the TestClock that moves it. "Today" then never turns over mid-run, and two steps
 * a tick apart are a millisecond apart, without a sleep. Only Date is faked: timers, sockets
 * and database drivers keep real time. Build type-graphql schemas before it takes hold (in an
 * earlier beforeAll): type-graphql maps only the real Date to its scalar.
 */
export function freezeProcessClock(start?: Date | string | number): TestClock {
  const clock = new TestClock(start, (now) => jest.setSystemTime(now));
  beforeAll(() => {
    jest.useFakeTimers({ doNotFake: [...ALL_BUT_DATE], now: clock.now() });
  });
  afterAll(() => {
    jest.useRealTimers();
  });
  return clock;
}

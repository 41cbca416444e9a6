/**
 * Time a spec moves by hand, for services that take `now`: `clock.now()` reads it,
 * `clock.tick(ms)` moves it on. Two writes a "moment apart" are `tick()` apart, never a sleep.
 */
export class TestClock {
  private t: number;

  constructor(start: Date | string | number = '2030-06-15T04:00:00Z') {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  /** Moves on by `ms` (one millisecond unless told) and returns the new now. */
  tick(ms = 1): Date {
    this.t += ms;
    return this.now();
  }
}

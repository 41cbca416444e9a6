import { GraphQLError } from 'graphql';

/**
 * Per-address request budget for anonymous callers. The public QR join answers
 * DUPLICATE for an ID number that already belongs to a member, so unlimited anonymous
 * calls would let anyone test who is a member. A fixed one-minute window is enough to
 * make that slow; signed-in callers are not limited here.
 */
export class AnonymousRateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly perMinute: number) {}

  check(address: string, now = Date.now()): void {
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    if (count > this.perMinute) {
      throw new GraphQLError(`Too many requests without a token from your address; wait ${60 - Math.floor((now % 60_000) / 1000)} seconds and try again.`, {
        extensions: { code: 'RATE_LIMITED', http: { status: 429 } },
      });
    }
  }
}

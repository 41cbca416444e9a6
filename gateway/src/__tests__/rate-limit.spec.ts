import { GraphQLError } from 'graphql';
import { AnonymousRateLimiter } from '../rate-limit';

const MINUTE = 60_000;
const refusal = (fn: () => void): GraphQLError | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as GraphQLError;
  }
};

describe('AnonymousRateLimiter: a fixed budget per address per clock minute', () => {
  const start = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE); // the first millisecond of a minute

  test('the 61st request in a minute is refused, with 429 and how long to wait; other addresses are not', () => {
    const sut = new AnonymousRateLimiter(60);
    for (let i = 0; i < 60; i++) expect(refusal(() => sut.check('10.0.0.1', start + i * 100))).toBeUndefined();
    const err = refusal(() => sut.check('10.0.0.1', start + 30_000));
    expect(err?.extensions).toEqual({ code: 'RATE_LIMITED', http: { status: 429 } });
    expect(err?.message).toBe('Too many requests without a token from your address; wait 30 seconds and try again.');
    expect(refusal(() => sut.check('10.0.0.2', start + 30_000))).toBeUndefined();
  });

  test('the next minute starts a fresh budget', () => {
    const sut = new AnonymousRateLimiter(2);
    sut.check('a', start);
    sut.check('a', start + 1);
    expect(refusal(() => sut.check('a', start + MINUTE - 1))?.extensions?.code).toBe('RATE_LIMITED');
    expect(refusal(() => sut.check('a', start + MINUTE))).toBeUndefined();
    expect(refusal(() => sut.check('a', start + MINUTE + 1))).toBeUndefined();
    expect(refusal(() => sut.check('a', start + MINUTE + 2))?.extensions?.code).toBe('RATE_LIMITED');
  });
});

import { readSecret } from '../index';

const DEV = 'the-built-in-development-secret-of-this-repo';
const OWN = 'a-secret-of-our-own-with-enough-characters';

describe('readSecret', () => {
  const read = (env: Record<string, string | undefined>, production: boolean) => {
    const problems: string[] = [];
    return { value: readSecret(env, 'JWT_SECRET', production, DEV, problems), problems };
  };

  test('outside production a missing secret falls back to the built-in one, and that one is accepted', () => {
    expect(read({}, false)).toEqual({ value: DEV, problems: [] });
    expect(read({ JWT_SECRET: DEV }, false)).toEqual({ value: DEV, problems: [] });
  });

  test('in production a secret is required, must be long, and must not be the built-in one', () => {
    expect(read({}, true).problems).toEqual(['JWT_SECRET is required in production (at least 32 random characters)']);
    expect(read({ JWT_SECRET: 'short' }, true).problems).toEqual(['JWT_SECRET must be at least 32 characters']);
    expect(read({ JWT_SECRET: DEV }, true).problems).toEqual([
      'JWT_SECRET is the built-in development secret, which anyone can read; set one of your own (at least 32 random characters)',
    ]);
    expect(read({ JWT_SECRET: OWN }, true)).toEqual({ value: OWN, problems: [] });
  });
});

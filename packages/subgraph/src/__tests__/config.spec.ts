import { loadServiceConfig } from '../config';

describe('service config', () => {
  test('every problem is named at once, and passwords are not echoed', () => {
    let message = '';
    try {
      loadServiceConfig('members', { NODE_ENV: 'production', MEMBERS_PORT: '99999', DATABASE_URL: 'postgres://u:secretpw@h/db', LOG_LEVEL: 'loud' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/MEMBERS_PORT must be a port number 1–65535 \(got "99999"\)/);
    expect(message).toMatch(/DATABASE_URL must look like mysql:\/\/user:password@host:3306/);
    expect(message).toMatch(/LOG_LEVEL must be one of/);
    expect(message).toMatch(/INTERNAL_TOKEN_SECRET is required in production/);
    expect(message).not.toContain('secretpw');
  });

  test('no settings: the embedded engine on the default port', () => {
    const config = loadServiceConfig('members', {});
    expect(config.port).toBe(4001);
    expect(config.databaseUrl).toBeUndefined();
  });

  test('a service-specific URL wins over the shared one', () => {
    expect(loadServiceConfig('members', { DATABASE_URL: 'mysql://a@h:3306', MEMBERS_DATABASE_URL: 'mysql://b@h:3306' }).databaseUrl).toBe('mysql://b@h:3306');
  });

  describe('MIGRATE_ON_START', () => {
    const PRODUCTION = { NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: 'a-production-secret-of-32-characters!', PII_SECRET: 'another-production-secret-of-32-chars' };

    test('outside production a service migrates at start; in production it only checks', () => {
      expect(loadServiceConfig('members', {}).schema).toBe('migrate');
      expect(loadServiceConfig('members', PRODUCTION).schema).toBe('check');
    });

    test('either way can be chosen', () => {
      expect(loadServiceConfig('members', { MIGRATE_ON_START: 'off' }).schema).toBe('check');
      expect(loadServiceConfig('members', { ...PRODUCTION, MIGRATE_ON_START: 'on' }).schema).toBe('migrate');
    });

    test('a value that is not a switch, or a lock timeout out of range, is named', () => {
      expect(() => loadServiceConfig('cases', { MIGRATE_ON_START: 'sometimes', MIGRATE_LOCK_TIMEOUT_SECONDS: '0' })).toThrow(
        /MIGRATE_ON_START must be on or off \(got "sometimes"\)[\s\S]*MIGRATE_LOCK_TIMEOUT_SECONDS must be an integer from 1 to 86400 \(got "0"\)/,
      );
      expect(loadServiceConfig('cases', {}).migrateLockTimeoutSeconds).toBe(300);
    });
  });

  test('FEED_POLL_MS: a second by default; 0 (tests) is refused in production, and so is polling faster than 100 ms', () => {
    expect(loadServiceConfig('cases', {}).feedPollMs).toBe(1000);
    expect(loadServiceConfig('cases', { FEED_POLL_MS: '0' }).feedPollMs).toBe(0);
    const problems = (env: Record<string, string>) => {
      try {
        loadServiceConfig('benefits', env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problems({ NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: 'x'.repeat(40), FEED_POLL_MS: '0' })).toMatch(/FEED_POLL_MS is 0: renamed orgs and unbound partners would show for minutes/);
    expect(problems({ FEED_POLL_MS: '50' })).toMatch(/FEED_POLL_MS must be 0 \(tests only\) or at least 100 milliseconds/);
  });
});

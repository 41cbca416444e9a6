import { ConfigError, readLogLevel, readPort, type Env } from '../index';
import { databaseVariable, describeStartupError, loadAll, maskUrl } from '../startup';

const sysError = (code: string, extra: Record<string, unknown> = {}, message = `${code} happened`) => Object.assign(new Error(message), { code, ...extra });

describe('readPort', () => {
  const read = (env: Env) => {
    const problems: string[] = [];
    return { port: readPort(env, 'GATEWAY_PORT', 4000, problems), problems };
  };
  it('names the variable and echoes what it got, never NaN', () => {
    expect(read({ GATEWAY_PORT: 'abc' }).problems).toEqual(['GATEWAY_PORT must be a port number 1–65535 (got "abc")']);
    expect(read({ GATEWAY_PORT: '65536' }).problems).toEqual(['GATEWAY_PORT must be a port number 1–65535 (got "65536")']);
    expect(read({ GATEWAY_PORT: '-1' }).problems).toHaveLength(1);
    expect(read({ GATEWAY_PORT: '40.5' }).problems).toHaveLength(1);
  });
  it('takes a port, the default when unset, and 0 (any free port, for tests)', () => {
    expect(read({ GATEWAY_PORT: '4100' })).toEqual({ port: 4100, problems: [] });
    expect(read({})).toEqual({ port: 4000, problems: [] });
    expect(read({ GATEWAY_PORT: '0' })).toEqual({ port: 0, problems: [] });
  });
});

describe('readLogLevel', () => {
  it('catches a level pino does not know', () => {
    const problems: string[] = [];
    readLogLevel({ LOG_LEVEL: 'loud' }, problems);
    expect(problems).toEqual(['LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")']);
  });
});

describe('describeStartupError', () => {
  it('a schema behind the code, or a migration lock held too long, is its own sentence under the process name', () => {
    const behind = sysError('SCHEMA_NOT_CURRENT', {}, 'the members database is behind this code: … Run `npm run migrate` …');
    expect(describeStartupError(behind, { name: 'members' })).toBe('members: the members database is behind this code: … Run `npm run migrate` …');
    expect(describeStartupError(sysError('MIGRATION_LOCK_TIMEOUT', {}, 'locked'), { name: 'migrate cases' })).toBe('migrate cases: locked');
    // Any other code without a sentence of its own stays a bug, printed whole.
    expect(describeStartupError(sysError('SCHEMA_SOMETHING'), { name: 'members' })).toBeUndefined();
  });

  it('a taken port names the variable that moves it', () => {
    const err = sysError('EADDRINUSE', { port: 4000, address: '127.0.0.1', syscall: 'listen' });
    expect(describeStartupError(err, { name: 'gateway', portVariable: 'GATEWAY_PORT' })).toBe(
      'gateway: port 4000 is in use; set GATEWAY_PORT to another port (or stop what holds it: is Lianxin already running?)',
    );
  });

  it('a port it may not use names the variable too', () => {
    const err = sysError('EACCES', { port: 80, syscall: 'listen' });
    expect(describeStartupError(err, { name: 'members', portVariable: 'MEMBERS_PORT' })).toMatch(/^members: cannot listen on port 80 \(EACCES\); set MEMBERS_PORT/);
  });

  it('an unreachable database names the variable it came from, password masked', () => {
    const env = { DATABASE_URL: 'mysql://app:s3cret@db.example:3306' };
    const err = sysError('ECONNREFUSED', {}, 'connect ECONNREFUSED 10.0.0.1:3306');
    expect(describeStartupError(err, { name: 'cases', databaseVariable: databaseVariable('cases', env), env })).toBe(
      'cases: cannot open the database at DATABASE_URL=mysql://app:***@db.example:3306 (ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:3306); start MariaDB there, or correct DATABASE_URL.',
    );
    const aggregate = sysError('ECONNREFUSED', {}, '');
    expect(describeStartupError(aggregate, { name: 'cases', databaseVariable: 'DATABASE_URL', env })).toContain('(ECONNREFUSED)');
  });

  it('prefers <SERVICE>_DATABASE_URL when that is what was set', () => {
    expect(databaseVariable('benefits', { BENEFITS_DATABASE_URL: 'mysql://x', DATABASE_URL: 'mysql://y' })).toBe('BENEFITS_DATABASE_URL');
    expect(databaseVariable('benefits', { DATABASE_URL: 'mysql://y' })).toBe('DATABASE_URL');
    expect(databaseVariable('benefits', {})).toBe('DATABASE_URL');
  });

  it('a configuration error keeps every problem', () => {
    const err = new ConfigError(['GATEWAY_PORT must be a port number 1–65535 (got "abc")', 'LOG_LEVEL must be one of …']);
    expect(describeStartupError(err, { name: 'gateway' })).toBe('gateway: Invalid configuration:\n  - GATEWAY_PORT must be a port number 1–65535 (got "abc")\n  - LOG_LEVEL must be one of …');
  });

  it('anything else is a bug: no sentence, so the caller prints it whole', () => {
    expect(describeStartupError(new TypeError('x is undefined'), { name: 'gateway', portVariable: 'GATEWAY_PORT' })).toBeUndefined();
    expect(describeStartupError(sysError('ECONNREFUSED'), { name: 'gateway' })).toBeUndefined();
    expect(describeStartupError('a string', { name: 'gateway' })).toBeUndefined();
  });

  it('maskUrl hides only the password', () => {
    expect(maskUrl('mysql://root:pw@h:3306/db')).toBe('mysql://root:***@h:3306/db');
    expect(maskUrl('mysql://root@h:3306')).toBe('mysql://root@h:3306');
  });
});

describe('loadAll', () => {
  const failing = (...problems: string[]) => () => {
    throw new ConfigError(problems);
  };
  it('returns every result when all loaders pass', () => {
    const [a, b] = loadAll(() => 1, () => 'two');
    expect([a, b]).toEqual([1, 'two']);
  });
  it('runs every loader and reports all their problems once', () => {
    let ran = false;
    let message = '';
    try {
      loadAll(failing('A is bad', 'LOG_LEVEL is bad'), () => (ran = true), failing('LOG_LEVEL is bad', 'B is bad'));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual(['A is bad', 'LOG_LEVEL is bad', 'B is bad']);
      message = (err as Error).message;
    }
    expect(ran).toBe(true);
    expect(message).toBe('Invalid configuration:\n  - A is bad\n  - LOG_LEVEL is bad\n  - B is bad');
  });
  it('lets a bug through as it is', () => {
    expect(() => loadAll(() => { throw new TypeError('boom'); })).toThrow(TypeError);
  });
});

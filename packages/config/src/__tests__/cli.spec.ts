import { defineCommand, integer, isoDate, listOf, oneOf, positiveNumber, matching, UsageError, USAGE_EXIT } from '../cli';

const command = defineCommand({
  usage: 'npm run -s demo -- --role <role> [options]',
  summary: 'A command for the tests.',
  options: {
    role: { type: 'string', value: '<role>', description: 'who', required: true, parse: oneOf(['staff', 'member'] as const) },
    perms: { type: 'string', value: '<list>', description: 'extra rights', parse: listOf(['pii:read'] as const) },
    hours: { type: 'string', value: '<n>', description: 'lifetime', parse: positiveNumber(720) },
    count: { type: 'string', value: '<n>', description: 'how many', parse: integer(0, 10) },
    now: { type: 'string', value: '<date>', description: 'when', parse: isoDate },
    org: { type: 'string', value: '<code>', description: 'an org code', parse: matching(/^LJ(-\d+)*$/, 'an org code such as LJ-01') },
    name: { type: 'string', value: '<text>', description: 'free text' },
    dry: { type: 'boolean', description: 'change nothing' },
  },
  notes: 'Environment: JWT_SECRET.',
});

const values = (argv: string[]) => {
  const r = command.parse(argv);
  if (r.help) throw new Error('help');
  return r.values;
};
const refusal = (argv: string[]): string => {
  try {
    command.parse(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('defineCommand', () => {
  it('parses and converts values', () => {
    const v = values(['--role', 'staff', '--perms', 'pii:read,pii:read', '--hours', '1.5', '--count=3', '--now', '2026-11-01T00:00:00Z', '--org', 'LJ-01', '--name', 'x y', '--dry']);
    expect(v).toEqual({ role: 'staff', perms: ['pii:read'], hours: 1.5, count: 3, now: new Date('2026-11-01T00:00:00Z'), org: 'LJ-01', name: 'x y', dry: true });
    // Typed from the spec: a oneOf gives the union, a boolean a boolean.
    const role: 'staff' | 'member' | undefined = v.role;
    const dry: boolean | undefined = v.dry;
    expect([role, dry]).toEqual(['staff', true]);
  });

  it('leaves absent options out', () => {
    expect(values(['--role', 'member'])).toEqual({ role: 'member' });
  });

  it('answers --help and -h before checking anything else', () => {
    expect(command.parse(['--help'])).toEqual({ help: true });
    expect(command.parse(['--bogus', '-h'])).toEqual({ help: true });
    expect(command.help).toMatch(/^Usage: npm run -s demo -- --role <role> \[options\]\n\nA command for the tests\.\n\nOptions:\n/);
    expect(command.help).toContain('--role <role>');
    expect(command.help).toContain('who (required)');
    expect(command.help).toContain('-h, --help');
    expect(command.help).toContain('Environment: JWT_SECRET.');
  });

  it('names an unknown flag', () => {
    expect(refusal(['--role', 'staff', '--bogus'])).toBe('unknown option --bogus');
    expect(refusal(['-x'])).toBe('unknown option -x');
  });

  it('refuses positional arguments', () => {
    expect(refusal(['--role', 'staff', 'extra'])).toMatch(/^unexpected argument extra/);
  });

  it('names a flag that lacks its value, or has one it does not take', () => {
    expect(refusal(['--role'])).toBe('--role needs a value');
    expect(refusal(['--role', '--dry'])).toBe('--role needs a value (one that starts with a dash goes as --role=-…)');
    expect(values(['--role', 'staff', '--count=-0'])).toMatchObject({ count: 0 });
    expect(refusal(['--role='])).toBe('--role needs a value');
    expect(refusal(['--role', 'staff', '--dry=yes'])).toBe('--dry takes no value');
  });

  it('names a missing required flag', () => {
    expect(refusal([])).toBe('--role is required');
  });

  it('names the flag and its choices for a bad value', () => {
    expect(refusal(['--role', 'bogus'])).toBe('--role must be one of staff, member (got "bogus")');
    expect(refusal(['--role', 'staff', '--perms', 'pii:write'])).toBe('--perms takes a comma-separated list of pii:read (got "pii:write": unknown "pii:write")');
    expect(refusal(['--role', 'staff', '--perms', ','])).toMatch(/^--perms takes a comma-separated list/);
    expect(refusal(['--role', 'staff', '--hours', 'abc'])).toBe('--hours needs a number greater than 0 and at most 720 (got "abc")');
    expect(refusal(['--role', 'staff', '--hours', '0'])).toMatch(/^--hours needs a number/);
    expect(refusal(['--role', 'staff', '--hours', '1000'])).toMatch(/^--hours needs a number/);
    expect(refusal(['--role', 'staff', '--count', '2.5'])).toBe('--count needs a whole number from 0 to 10 (got "2.5")');
    expect(refusal(['--role', 'staff', '--count', '11'])).toMatch(/^--count needs a whole number/);
    expect(refusal(['--role', 'staff', '--count', '1e1'])).toMatch(/^--count needs a whole number/);
    expect(refusal(['--role', 'staff', '--now', 'tomorrow'])).toBe('--now needs a date such as 2026-11-01T00:00:00Z (got "tomorrow")');
    expect(refusal(['--role', 'staff', '--now', '2026-13-45'])).toMatch(/^--now needs a date/);
    expect(refusal(['--role', 'staff', '--org', 'nowhere'])).toBe('--org must be an org code such as LJ-01 (got "nowhere")');
  });

  it('fail() raises a usage error', () => {
    expect(() => command.fail('--partner is needed for a partner token')).toThrow(UsageError);
  });

  describe('read and exit', () => {
    let exit: jest.SpyInstance;
    let out: jest.SpyInstance;
    let err: jest.SpyInstance;
    beforeEach(() => {
      exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
        throw new Error(`exit ${code}`);
      }) as never);
      out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterEach(() => jest.restoreAllMocks());

    it('prints the help on stdout and exits 0', () => {
      expect(() => command.read(['--help'])).toThrow('exit 0');
      expect(out).toHaveBeenCalledWith(command.help);
      expect(err).not.toHaveBeenCalled();
    });

    it('prints a refusal on stderr with the usage line and exits 2', () => {
      expect(USAGE_EXIT).toBe(2);
      expect(() => command.read(['--role', 'bogus'])).toThrow('exit 2');
      expect(String(err.mock.calls[0][0])).toBe('--role must be one of staff, member (got "bogus")\nUsage: npm run -s demo -- --role <role> [options]\n(--help for every option)\n');
      expect(out).not.toHaveBeenCalled();
    });

    it('returns the values when all is well', () => {
      expect(command.read(['--role', 'staff'])).toEqual({ role: 'staff' });
      expect(exit).not.toHaveBeenCalled();
    });

    it('exits 1 with the message alone for a failure at run time', () => {
      expect(() => command.exit(new Error('No org with code LJ-99.'))).toThrow('exit 1');
      expect(err).toHaveBeenCalledWith('No org with code LJ-99.\n');
    });
  });
});

/**
 * Every command, run as a person runs it: the built file under node, in a child process.
 * --help prints the usage and exits 0 without doing anything; an unknown flag and a bad
 * value are refused with the flag's name and exit 2, before any database is opened.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface Cli {
  name: string;
  file: string;
  usage: string;
  /** A value the command refuses, and what the refusal must say. */
  badValue?: { args: string[]; says: RegExp };
}

const CLIS: Cli[] = [
  { name: 'token', file: 'test/dist/bin/token.js', usage: 'npm run -s token', badValue: { args: ['--role', 'bogus'], says: /^--role must be one of member, staff, partner, admin \(got "bogus"\)/ } },
  { name: 'seed', file: 'test/dist/bin/seed.js', usage: 'npm run -s seed', badValue: { args: ['--members', 'lots'], says: /^--members needs a whole number from 1 to 5000000 \(got "lots"\)/ } },
  { name: 'schema', file: 'test/dist/bin/schema.js', usage: 'npm run schema' },
  { name: 'bench', file: 'test/dist/bench/run.js', usage: 'npm run bench' },
  { name: 'cases:sweep', file: 'services/cases/dist/sweep-cli.js', usage: 'npm run cases:sweep' },
  { name: 'cases:verify-ledger', file: 'services/cases/dist/ledger-cli.js', usage: 'npm run cases:verify-ledger' },
  { name: 'cases:rollup-snapshot', file: 'services/cases/dist/rollup-snapshot-cli.js', usage: 'npm run cases:rollup-snapshot' },
  { name: 'benefits:expire', file: 'services/benefits/dist/sweep-cli.js', usage: 'npm run benefits:expire' },
  { name: 'migrate', file: 'scripts/migrate.mjs', usage: 'npm run migrate' },
  ...['members', 'cases', 'benefits'].map((s) => ({ name: `migrate -w @lianxin/${s}`, file: `services/${s}/dist/migrate-cli.js`, usage: `npm run migrate -w @lianxin/${s}` })),
];

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cli-'));
  for (const c of CLIS) {
    if (!fs.existsSync(path.join(ROOT, c.file))) throw new Error(`${c.file} is not built: npx turbo run build --filter=@lianxin/test...`);
  }
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function run(file: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: ROOT,
    // A database nobody can reach: a command that got past its arguments would fail loudly, not seed anything.
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: 'mysql://root@127.0.0.1:1', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(CLIS)('$name', (cli) => {
  it('--help prints the usage on stdout and exits 0, doing nothing', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(cli.file, [flag]);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: ${cli.usage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(r.stdout).toContain('-h, --help');
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('an unknown flag exits 2 naming it', () => {
    const r = run(cli.file, ['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^unknown option --bogus\nUsage: /);
    expect(r.stdout).toBe('');
  });

  it('a stray argument exits 2', () => {
    const r = run(cli.file, ['now']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^unexpected argument now/);
  });

  if (cli.badValue) {
    it('a bad value exits 2 naming the flag', () => {
      const r = run(cli.file, cli.badValue!.args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(cli.badValue!.says);
      expect(r.stdout).toBe('');
    });
  }
});

describe('token', () => {
  const token = 'test/dist/bin/token.js';
  it.each([
    [['--role', 'staff', '--perms', 'pii:write'], /^--perms takes a comma-separated list of pii:read, case:signoff, programme:manage, staff:manage \(got "pii:write": unknown "pii:write"\)/],
    [['--role', 'staff', '--hours', 'abc'], /^--hours needs a number greater than 0 and at most 720 \(got "abc"\)/],
    [['--role', 'staff', '--hours', '0'], /^--hours needs a number/],
    [['--role'], /^--role needs a value/],
    [[], /^--role is required/],
    [['--sub', 'lj:lj-01', '--role', 'staff'], /^--sub stands alone/],
    [['--sub', 'lj lj'], /^--sub must be a subject such as lj:lj-01/],
    [['--role', 'partner'], /^--partner is required for a partner token/],
    [['--role', 'admin', '--org', 'LJ-01'], /^--org is for staff tokens only/],
  ])('refuses %j with exit 2', (args, says) => {
    const r = run(token, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(says);
  });

  it('prints the token alone on stdout, so TOKEN=$(npm run -s token …) captures it', () => {
    const r = run(token, ['--role', 'partner', '--partner', '01J0000000000000000000PART', '--hours', '1.5']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = decodeJwt(r.stdout.trim());
    expect(claims).toMatchObject({ role: 'partner', pid: '01J0000000000000000000PART', iss: 'lianxin', aud: 'lianxin-graph' });
    expect(claims.exp! - claims.iat!).toBe(5400);
  });

  it('--sub prints a token naming only the subject, for the staff directory to sign in', () => {
    const r = run(token, ['--sub', 'lj:lj-01']);
    expect(r.status).toBe(0);
    const claims = decodeJwt(r.stdout.trim());
    expect(claims).toMatchObject({ sub: 'lj:lj-01', iss: 'lianxin', aud: 'lianxin-graph' });
    expect(claims).not.toHaveProperty('role');
  });

  it('carries a known permission', () => {
    const r = run(token, ['--role', 'admin', '--perms', 'pii:read']);
    expect(r.status).toBe(0);
    expect(decodeJwt(r.stdout.trim())).toMatchObject({ role: 'admin', perms: ['pii:read'], sub: 'admin-demo' });
  });
});

describe('seed', () => {
  it.each([
    [['--only', 'votes'], /^--only must be one of members, cases, benefits \(got "votes"\)/],
    [['--now', 'yesterday'], /^--now needs a date such as 2026-11-01T00:00:00Z \(got "yesterday"\)/],
    [['--cases=-1'], /^--cases needs a whole number from 0 to 5000000 \(got "-1"\)/],
    [['--seed', '-1'], /^--seed needs a value \(one that starts with a dash goes as --seed=-…\)/],
    [['--demo-partner', '--members', '10'], /^--demo-partner seeds nothing/],
    [['--demo-partner=yes'], /^--demo-partner takes no value/],
  ])('refuses %j with exit 2', (args, says) => {
    const r = run('test/dist/bin/seed.js', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(says);
  });

  it('an unreachable database is named by its variable, without a stack trace', () => {
    const r = run('test/dist/bin/seed.js', ['--members', '10']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^seed: cannot open the database at DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:1 \(ECONNREFUSED[^\n]*\); start MariaDB there, or correct DATABASE_URL\.$/);
  });

  it('LOG_LEVEL is checked before the logger sees it', () => {
    const r = run('test/dist/bin/seed.js', [], { LOG_LEVEL: 'loud' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('service commands', () => {
  it('report every configuration problem at once, naming each variable, without a stack trace', () => {
    const r = run('services/cases/dist/sweep-cli.js', [], { LOG_LEVEL: 'loud', CASE_RATING_TIMEOUT_DAYS: 'soon' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('LOG_LEVEL must be one of');
    expect(r.stderr).toContain('CASE_RATING_TIMEOUT_DAYS must be an integer from 1 to 365 (got "soon")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('name the database variable when the server refuses', () => {
    const r = run('services/benefits/dist/sweep-cli.js', [], { BENEFITS_DATABASE_URL: 'mysql://root@127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^benefits:expire: cannot open the database at BENEFITS_DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:1 \(ECONNREFUSED/);
  });
});

/**
 * `npm start` (scripts/start.mjs) as a person meets it, with install and build skipped
 * (LIANXIN_START_SKIP_BUILD=1) and a small city seeded beforehand in a data folder of its own.
 * Every case spawns the real processes on free ports.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPHS } from '@lianxin/config';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const START = path.join(ROOT, 'scripts', 'start.mjs');
const SECRETS = {
  INTERNAL_TOKEN_SECRET: 'start-spec-internal-secret-0123456789abcdef',
  JWT_SECRET: 'start-spec-jwt-secret-0123456789abcdefghijkl',
  PII_SECRET: 'start-spec-pii-secret-0123456789abcdefghijkl',
};
const STACK = /\n\s+at .+:\d+:\d+/;

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** npm start's processes: the gateway and every subgraph, each on a port of its own. */
const PROCESSES = 1 + SUBGRAPHS.length;
/** The gateway's port, then each subgraph's in the registry's order (members, cases, benefits). */
const portEnv = ([gateway, ...subgraphs]: number[]) => ({ GATEWAY_PORT: String(gateway), ...Object.fromEntries(SUBGRAPHS.map((s, i) => [s.portVariable, String(subgraphs[i])])) });

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LIANXIN_START_SKIP_BUILD: '1', LOG_LEVEL: 'warn', ...extra };
  for (const k of ['NODE_ENV', 'DATABASE_URL', ...SUBGRAPHS.map((s) => s.databaseVariable), 'JWT_JWKS_URL', 'LIANXIN_RUN_ID']) if (!(k in extra)) delete env[k];
  for (const k of Object.keys(SECRETS)) if (!(k in extra)) delete env[k];
  return env;
}

/** A start that is expected to stop by itself. */
function startOnce(extra: Record<string, string>) {
  const r = spawnSync(process.execPath, [START], { cwd: ROOT, env: baseEnv(extra), encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr, stdout: r.stdout, stderr: r.stderr };
}

interface Running {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/** A start expected to come up: resolves once the banner is out (or the process ended). */
async function startRunning(extra: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [START], { cwd: ROOT, env: baseEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 150_000;
  while (!out.includes('Stop with Ctrl-C.') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { child, out: () => out, exited };
}

async function stopRunning(r: Running): Promise<number | null> {
  if (r.child.exitCode === null) r.child.kill('SIGTERM');
  return r.exited;
}

let devData: string;
let prodData: string;
const running: Running[] = [];

function seed(dir: string, extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['test/dist/bin/seed.js', '--members', '300', '--cases', '30'], {
    cwd: ROOT,
    env: { ...baseEnv(extra), DATA_DIR: dir, LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
}

beforeAll(() => {
  for (const f of ['test/dist/bin/check-config.js', 'test/dist/bin/seed.js', 'gateway/dist/main.js', 'services/members/dist/main.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is not built: npx turbo run build --filter=@lianxin/test...`);
  }
  devData = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-start-dev-'));
  prodData = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-start-prod-'));
  seed(devData);
  seed(prodData, SECRETS);
}, 240_000);

afterAll(async () => {
  await Promise.all(running.map(stopRunning));
  for (const d of [devData, prodData]) fs.rmSync(d, { recursive: true, force: true });
});

describe('the configuration is checked first, every problem at once', () => {
  it('names each bad variable, before anything is seeded or started', async () => {
    const r = startOnce({ DATA_DIR: devData, ...portEnv(await freePorts(PROCESSES)), GATEWAY_PORT: 'abc', LOG_LEVEL: 'loud', CASE_RATING_TIMEOUT_DAYS: 'never' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✖ The configuration has 3 problems; nothing was started:');
    expect(r.stderr).toContain('GATEWAY_PORT must be a port number 1–65535 (got "abc")  [gateway]');
    expect(r.stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")  [gateway, members, cases, benefits]');
    expect(r.stderr).toContain('CASE_RATING_TIMEOUT_DAYS must be an integer from 1 to 365 (got "never")  [cases]');
    expect(r.out).not.toContain('NaN');
    expect(r.out).not.toContain('Preparing the database');
    expect(r.out).not.toMatch(STACK);
  });

  it('production without secrets lists every missing secret of every process in one go', async () => {
    const r = startOnce({ DATA_DIR: devData, ...portEnv(await freePorts(PROCESSES)), NODE_ENV: 'production' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('JWT_SECRET is required in production (at least 32 random characters)  [gateway]');
    expect(r.stderr).toContain('INTERNAL_TOKEN_SECRET is required in production (at least 32 random characters)  [gateway, members, cases, benefits]');
    expect(r.stderr).toContain('PII_SECRET is required in production (at least 32 random characters)  [members, cases]');
    expect(r.stdout).toContain('⚠ NODE_ENV=production on the embedded SQLite database (members, cases, benefits): it is for trials only.');
  });

  it('two processes on one port is a problem too', async () => {
    const [g, m, c] = await freePorts(3);
    const r = startOnce({ DATA_DIR: devData, ...portEnv([g, m, c, c]) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`CASES_PORT and BENEFITS_PORT are both ${c}: give each process its own port`);
  });

  it('a refused DATABASE_URL is named, without a stack trace', async () => {
    const r = startOnce({ DATA_DIR: devData, ...portEnv(await freePorts(PROCESSES)), DATABASE_URL: 'mysql://root@127.0.0.1:1' });
    expect(r.status).toBe(1);
    // The first to reach it is the migrate step, before the seed.
    expect(r.stderr).toContain('migrate members: cannot open the database at DATABASE_URL=mysql://root@127.0.0.1:1 (ECONNREFUSED');
    expect(r.stderr).toContain('correct DATABASE_URL.');
    expect(r.out).not.toMatch(STACK);
    expect(r.out).not.toContain('Lianxin is running');
  });
});

describe('ports', () => {
  it('a taken port stops the start before anything runs, naming the variable that moves it', async () => {
    const ports = await freePorts(PROCESSES);
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(ports[2], '127.0.0.1', r));
    try {
      const r = startOnce({ DATA_DIR: devData, ...portEnv(ports) });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Port ${ports[2]} is in use; set CASES_PORT to another port`);
      expect(r.out).not.toContain('Preparing the database');
      expect(r.out).not.toContain('Lianxin is running');
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it.each([
    ['gateway', 'gateway/dist/main.js', 'GATEWAY_PORT'],
    ['members', 'services/members/dist/main.js', 'MEMBERS_PORT'],
  ])('the %s process itself says which variable to set when its port is taken, in one line', async (name, file, variable) => {
    const [port] = await freePorts(1);
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const r = spawnSync(process.execPath, [file], { cwd: ROOT, env: { ...baseEnv({ DATA_DIR: devData, LOG_LEVEL: 'silent' }), [variable]: String(port) }, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${name}: port ${port} is in use; set ${variable} to another port (or stop what holds it: is Lianxin already running?)\n`);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});

describe('a real start', () => {
  it('starts, prints the console first, and a second start on the same ports refuses instead of claiming success', async () => {
    const ports = await freePorts(PROCESSES);
    const first = await startRunning({ DATA_DIR: devData, ...portEnv(ports) });
    running.push(first);
    const out = first.out();
    expect(out).toContain('✔ Lianxin is running.');
    const banner = out.slice(out.indexOf('✔ Lianxin is running.'));
    const lines = banner.split('\n').filter((l) => l.trim());
    expect(lines[1]).toMatch(new RegExp(`^  Console   http://127\\.0\\.0\\.1:${ports[0]}/`));
    expect(banner.indexOf('Console')).toBeLessThan(banner.indexOf('curl'));
    expect(banner).toMatch(/\n  TOKEN=[\w-]+\.[\w-]+\.[\w-]+\n/);
    expect(banner).toContain('PARTNER_KEY=lx_');
    // Every /health answers with this run's id: the check reached its own children.
    const health = await (await fetch(`http://127.0.0.1:${ports[0]}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', service: 'gateway', run: expect.stringMatching(/^[0-9a-f]{24}$/) });

    const second = startOnce({ DATA_DIR: devData, ...portEnv(ports) });
    expect(second.status).toBe(1);
    for (const [i, v] of ['GATEWAY_PORT', 'MEMBERS_PORT', 'CASES_PORT', 'BENEFITS_PORT'].entries()) expect(second.stderr).toContain(`Port ${ports[i]} is in use; set ${v} to another port`);
    expect(second.out).not.toContain('Lianxin is running');
    expect(second.out).not.toContain('TOKEN=');
    // The first is untouched.
    expect((await fetch(`http://127.0.0.1:${ports[0]}/health`)).ok).toBe(true);
    expect(first.child.exitCode).toBeNull();

    expect(await stopRunning(first)).toBe(0);
  }, 240_000);

  it('in production prints no token or key, and warns that the embedded database is for trials', async () => {
    const ports = await freePorts(PROCESSES);
    const prod = await startRunning({ DATA_DIR: prodData, ...portEnv(ports), NODE_ENV: 'production', ...SECRETS });
    running.push(prod);
    const out = prod.out();
    expect(out).toContain('✔ Lianxin is running.');
    expect(out).not.toContain('TOKEN=');
    expect(out).not.toContain('PARTNER_KEY=');
    expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(out).toContain('NODE_ENV=production: no demo token or partner key is printed.');
    // Production services only check their schema: npm start migrates first, as a deploy does.
    expect(out).toMatch(/▶ Migrating the databases \(npm run migrate\)[\s\S]*▶ Preparing the database and demo data/);
    expect(out).toContain('The embedded SQLite database');
    expect(out).toContain('is for trials only');
    expect(await stopRunning(prod)).toBe(0);
  }, 240_000);
});

#!/usr/bin/env node
// `npm start`: the whole graph on one machine with demo data, from a fresh clone.
// Plain Node (no dependencies) because it runs before `npm install` has.
//
// Order: install and build if needed; check the whole configuration of every process at
// once (test/dist/bin/check-config.js) and that every port is free; migrate; seed; start the four
// processes; and report success only for the instance it started: each child must still be
// alive and answer /health with this run's id (LIANXIN_RUN_ID), so a graph already running
// on the same ports can never pass for this one.
//
// LIANXIN_START_SKIP_BUILD=1 skips install and build (tests, and restarts of a built tree).
//
// The subgraphs (names, ports, variables, entry points) come from the registry in @lianxin/config,
// read from its build output once the build has run.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm start

Installs and builds when needed, checks the configuration of every process, seeds the demo
data and starts the gateway and every subgraph. Settings come from the environment
(docs/architecture.md lists them): GATEWAY_PORT, <SUBGRAPH>_PORT (MEMBERS_PORT, …),
DATABASE_URL, DATA_DIR, NODE_ENV, LOG_LEVEL, …

Options:
  -h, --help  show this help
`;
try {
  if (parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
} catch (err) {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1];
  process.stderr.write(`${flag ? `unknown option ${flag}` : err.message}\nUsage: npm start (settings through the environment; --help)\n`);
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runId = randomBytes(12).toString('hex');
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR || path.join(root, 'data'), LOG_LEVEL: process.env.LOG_LEVEL || 'warn', LIANXIN_RUN_ID: runId };
const production = env.NODE_ENV === 'production';
const host = env.HOST || '127.0.0.1';

function run(cmd, args, what) {
  console.log(`\n▶ ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

if (env.LIANXIN_START_SKIP_BUILD !== '1') {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
    run(npm, ['install', '--no-audit', '--no-fund'], 'Installing dependencies (the first time compiles better-sqlite3: about 2 minutes)');
  }
  // Every workspace through turbo, the console (console/dist, served by the gateway at /) included.
  run(npm, ['run', 'build', '--silent'], 'Building the graph and the console');
}

// The list of subgraphs, from the build just made (or found).
const { embeddedSubgraphs, GATEWAY_PORT, graphqlUrl, SUBGRAPHS, subgraphProcessEnv, subgraphUrlEnv } = await import('../packages/config/dist/index.js');

// 1. The whole configuration, every process at once: one list naming each bad variable.
const check = spawnSync(process.execPath, ['test/dist/bin/check-config.js'], { cwd: root, env, stdio: 'inherit' });
if (check.status !== 0) process.exit(1);

const port = (name, fallback) => (env[name] ? Number(env[name]) : fallback);
const ports = { GATEWAY_PORT: port('GATEWAY_PORT', GATEWAY_PORT), ...Object.fromEntries(SUBGRAPHS.map((s) => [s.portVariable, port(s.portVariable, s.port)])) };

// 2. Every port free, before anything starts: a second `npm start` stops here.
function portFree(p) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err) => resolve(err.code === 'EADDRINUSE' ? false : err.code));
    probe.listen(p, host, () => probe.close(() => resolve(true)));
  });
}
const taken = [];
for (const [name, p] of Object.entries(ports)) {
  const free = await portFree(p);
  if (free === false) taken.push(`Port ${p} is in use; set ${name} to another port`);
  else if (free !== true) taken.push(`Cannot listen on port ${p} at ${host} (${free}); set ${name} to another port, or HOST to an address of this machine`);
}
if (taken.length) {
  console.error(`✖ Lianxin cannot start: ${taken.length === 1 ? 'a port is' : 'ports are'} taken (is Lianxin already running? Stop it, or move this one):\n${taken.map((t) => `  - ${t}`).join('\n')}`);
  process.exit(1);
}

const gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
const urls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, graphqlUrl(ports[s.portVariable])]));

// 3. The schema, as a deploy does it (scripts/migrate.mjs is `npm run migrate`): each database's
// pending migrations once, under its lock. In production the services only check it at start.
const embedded = embeddedSubgraphs(env);
if (embedded.length) console.log(`\nNo DATABASE_URL${embedded.length < SUBGRAPHS.length ? ` for ${embedded.join(', ')}` : ''}: using the embedded database in ${env.DATA_DIR}`);
run(process.execPath, ['scripts/migrate.mjs'], 'Migrating the databases (npm run migrate)');

// 4. The demo data (test/src/bin/seed.ts): members, then cases and benefits over the org tree and
// members it reads back; a database that already holds data is left as it is.
run(process.execPath, ['test/dist/bin/seed.js'], 'Preparing the database and demo data');

// 5. The processes. Until the banner, any child that exits is a failed start.
const children = [];
let stopping = false;
let started = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  // Not unref'd: it is what ends this process, also while the start-up awaits a readiness that will not come.
  setTimeout(() => process.exit(code), 1500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function start(name, file, extraEnv) {
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    // Once running, a clean exit is most likely Ctrl-C reaching the child first; before that, any exit is a failed start.
    const clean = started && code === 0;
    console.error(`✖ ${name} stopped (${signal ?? `exit ${code}`})${started ? '' : ' before it was ready'}; stopping the graph.`);
    stop(clean ? 0 : 1);
  });
  children.push({ name, child });
  return child;
}

/** Ready means: our child is alive and it, not some other process on its port, answers /health with this run's id. */
async function waitFor(name, child, base, extra) {
  for (let i = 0; i < 300 && !stopping; i++) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const health = await (await fetch(`${base}/health`)).json();
      if (health.run === runId && (!extra || (await extra()))) return child.exitCode === null;
      if (health.run !== runId && health.run !== undefined) {
        console.error(`✖ ${name}: ${base} is answered by another Lianxin instance, not the one just started.`);
        stop(1);
        return false;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!stopping) {
    console.error(`✖ ${name} did not become healthy at ${base} within a minute; stopping the graph.`);
    stop(1);
  }
  return false;
}

const base = (url) => url.replace(/\/graphql$/, '');
// One at a time, members first: the others read the org tree from it. Their own settings
// (VOUCHER_EXPIRY_INTERVAL_SECONDS, CASE_SWEEP_INTERVAL_SECONDS, …) pass through from the environment.
for (const s of SUBGRAPHS) {
  const child = start(s.name, s.mainFile, subgraphProcessEnv(s, ports[s.portVariable], urls.members, urls.cases));
  if (!(await waitFor(`${s.name} subgraph`, child, base(urls[s.name])))) await new Promise(() => {}); // stop() exits
}
const gateway = start('gateway', 'gateway/dist/main.js', { GATEWAY_PORT: String(ports.GATEWAY_PORT), ...subgraphUrlEnv(urls) });
// The gateway is ready when every subgraph is, database included (it asks the URLs above, our children, with its own token).
const gatewayReady = async () => (await fetch(`${gatewayUrl}/ready`)).ok;
if (!(await waitFor('gateway', gateway, gatewayUrl, gatewayReady))) await new Promise(() => {});
if (children.some(({ child }) => child.exitCode !== null)) await new Promise(() => {});
started = true;

// 6. The banner: the console first, then what to paste.
const url = `${gatewayUrl}/graphql`;
const consoleBuilt = fs.existsSync(path.join(root, 'console', 'dist', 'index.html'));
const lines = [
  '',
  '✔ Lianxin is running.',
  '',
  `  Console   ${gatewayUrl}/${consoleBuilt ? '' : '   (not built: npm run build, or npm run console:dev for hot reload)'}`,
  `  Gateway   ${url}`,
  ...SUBGRAPHS.map((s) => `  ${(s.name[0].toUpperCase() + s.name.slice(1)).padEnd(10)}${urls[s.name]} (answers only the gateway)`),
  '',
];
if (production) {
  lines.push(
    '  NODE_ENV=production: no demo token or partner key is printed. Callers sign in through your identity provider',
    '  (JWT_SECRET or JWT_JWKS_URL); partner keys come from issuePartnerKey.',
    '',
  );
  if (embedded.length) {
    lines.push(`  ⚠ The embedded SQLite database (${env.DATA_DIR}) is for trials only: set DATABASE_URL to a MariaDB server for real use.`, '');
  }
} else {
  const token = spawnSync(process.execPath, ['test/dist/bin/token.js', '--role', 'staff', '--org', 'LJ-01'], { cwd: root, env, encoding: 'utf8' });
  const query = '{ orgByCode(code: \\"LJ-01\\") { name memberCount children { code name memberCount } } members(first: 3) { edges { node { name idNumber phone employmentType org { name } } } } }';
  // The demo cinema's API key: derived from the internal secret by the seed, in demo data only.
  const demo = spawnSync(process.execPath, ['test/dist/bin/seed.js', '--demo-partner'], { cwd: root, env, encoding: 'utf8' });
  let partner;
  try {
    partner = JSON.parse(demo.stdout.trim().split('\n').pop());
  } catch {
    partner = undefined;
  }
  // A partner runs only the published partner operations, by hash (docs/partner-api.md).
  const desk = (hash, vars) => `  curl -s ${url} -H "x-api-key: $PARTNER_KEY" -H 'content-type: application/json' \\\n    -d '{"documentId":"sha256:${hash}","variables":${vars}}'`;
  if (token.status === 0) {
    lines.push(
      `  A token for staff of ${token.stderr.trim().replace(/^staff of /, '')}, valid 12 hours:`,
      '',
      `  TOKEN=${token.stdout.trim()}`,
      '',
      '  Try it:',
      '',
      `  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '{"query":"${query}"}'`,
    );
  } else {
    lines.push(`  (No demo token: ${token.stderr.trim()})`);
  }
  if (partner) {
    lines.push(
      '',
      `  A partner desk, ${partner.name} (demo data only: its key derives from the internal secret):`,
      '',
      `  PARTNER_KEY=${partner.key}`,
      '',
      desk('b3e0593bcfef02206082ebcd4136a0dc6c7363c285512133c8dd0b59c19a77c5', '{"first":3}'),
    );
    if (partner.voucherCode) lines.push(desk('a80687cfdd182d3dfb1f02f570c1d02636234cc2cd02ca07cda16f3e08e00cd5', `{"code":"${partner.voucherCode}"}`));
  } else {
    lines.push('', `  (No demo partner key: ${(demo.stderr || 'the benefits demo data is missing').trim()})`);
  }
  lines.push('', '  Other callers: npm run -s token -- --role member | --role admin | --role staff --org LJ-01-01', '');
}
lines.push('  Stop with Ctrl-C.', '');
console.log(lines.join('\n'));

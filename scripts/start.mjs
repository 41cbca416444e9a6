#!/usr/bin/env node
// `npm start`: the whole graph on one machine with demo data, from a fresh clone.
// Plain Node (no dependencies) because it runs before `npm install` has.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? path.join(root, 'data'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
const gatewayPort = Number(env.GATEWAY_PORT ?? 4000);
const membersPort = Number(env.MEMBERS_PORT ?? 4001);
const casesPort = Number(env.CASES_PORT ?? 4002);
const benefitsPort = Number(env.BENEFITS_PORT ?? 4003);
const membersUrl = `http://127.0.0.1:${membersPort}/graphql`;
const casesUrl = `http://127.0.0.1:${casesPort}/graphql`;
const benefitsUrl = `http://127.0.0.1:${benefitsPort}/graphql`;

function run(cmd, args, what) {
  console.log(`\n▶ ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${what} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  run(npm, ['install', '--no-audit', '--no-fund'], 'Installing dependencies (the first time compiles better-sqlite3: about 2 minutes)');
}
run(npm, ['run', 'build', '--silent'], 'Building');
if (!env.DATABASE_URL) console.log(`\nNo DATABASE_URL: using the embedded database in ${env.DATA_DIR}`);
run(process.execPath, ['test/dist/bin/seed.js'], 'Preparing the database and demo data');
// That one run seeds the demo cases and the benefit programmes too, right after the members:
// it builds them over the org tree and members it reads back from the members database
// (test/src/bin/seed.ts), and leaves a database that already holds data as it is.

const children = [];
function start(name, file, extraEnv) {
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    // Ctrl-C reaches the children too; a clean exit then is a normal stop, not a crash.
    if (!stopping && code !== 0) {
      console.error(`✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping the graph.`);
      stop(1);
    } else if (!stopping) {
      stop(0);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, name) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`✖ ${name} did not become healthy at ${url}`);
  stop(1);
}

start('members', 'services/members/dist/main.js', { MEMBERS_PORT: String(membersPort) });
await waitFor(`http://127.0.0.1:${membersPort}/ready`, 'members subgraph');
start('cases', 'services/cases/dist/main.js', { CASES_PORT: String(casesPort), MEMBERS_URL: membersUrl });
await waitFor(`http://127.0.0.1:${casesPort}/ready`, 'cases subgraph');
// VOUCHER_EXPIRY_INTERVAL_SECONDS (default 60) passes through from the environment.
start('benefits', 'services/benefits/dist/main.js', { BENEFITS_PORT: String(benefitsPort), MEMBERS_URL: membersUrl });
await waitFor(`http://127.0.0.1:${benefitsPort}/ready`, 'benefits subgraph');
start('gateway', 'gateway/dist/main.js', { GATEWAY_PORT: String(gatewayPort), MEMBERS_URL: membersUrl, CASES_URL: casesUrl, BENEFITS_URL: benefitsUrl });
await waitFor(`http://127.0.0.1:${gatewayPort}/ready`, 'gateway');

const token = spawnSync(process.execPath, ['test/dist/bin/token.js', '--role', 'staff', '--org', 'LJ-01'], { cwd: root, env, encoding: 'utf8' });
const url = `http://127.0.0.1:${gatewayPort}/graphql`;
const query = '{ orgByCode(code: \\"LJ-01\\") { name memberCount children { code name memberCount } } members(first: 3) { edges { node { name idNumber phone employmentType org { name } } } } }';

// The demo cinema's API key: derived from the internal secret by the seed, in demo data only.
let partner;
const demo = spawnSync(process.execPath, ['test/dist/bin/seed.js', '--demo-partner'], { cwd: root, env, encoding: 'utf8' });
try {
  partner = JSON.parse(demo.stdout.trim().split('\n').pop());
} catch {
  partner = undefined;
}
const desk = (q) => `  curl -s ${url} -H "x-api-key: $PARTNER_KEY" -H 'content-type: application/json' \\\n    -d '{"query":"${q}"}'`;
const partnerBlock = partner
  ? `
  A partner desk, ${partner.name} (demo data only: its key derives from the internal secret):

  PARTNER_KEY=${partner.key}

${desk('{ myRedemptions(first: 3) { edges { node { programmeName memberName redeemedAt } } } }')}
${partner.voucherCode ? `${desk(`{ checkVoucher(code: \\"${partner.voucherCode}\\") { valid reasons programmeName memberName expiresAt remainingQuota } }`)}\n` : ''}`
  : `
  (No demo partner key: ${(demo.stderr || 'the benefits demo data is missing').trim()})
`;

console.log(`
✔ Lianxin is running.

  Gateway   ${url}
  Members   ${membersUrl} (answers only the gateway)
  Cases     ${casesUrl} (answers only the gateway)
  Benefits  ${benefitsUrl} (answers only the gateway)

  A token for staff of ${token.stderr.trim().replace(/^staff of /, '')}, valid 12 hours:

  TOKEN=${token.stdout.trim()}

  Try it:

  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"${query}"}'
${partnerBlock}
  Other callers: npm run token -- --role member | --role admin | --role staff --org LJ-01-01
  Stop with Ctrl-C.
`);

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { perSubgraph, SUBGRAPHS, subgraphUrlEnv, type SubgraphName } from '@lianxin/config';
import { createLogger, DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import { openBenefitsDatabase, startBenefits } from '@lianxin/benefits';
import { openCasesDatabase, startCases } from '@lianxin/cases';
import { openMembersDatabase, startMembers } from '@lianxin/members';
import { loadGatewayConfig, startGateway } from '@lianxin/gateway';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL, type EngineName } from '../harness/engines';

/**
 * Issue 9: every example in docs/first-hour.md is a command that really works against
 * `npm start`'s demo data. The ```sh blocks run in order, in one bash, from the repo root,
 * exactly as written, against a graph seeded by the same seed command `npm start` runs
 * (`test/dist/bin/seed.js`, same seed, same org tree; fewer members so it stays quick).
 * `npm run -s token` and `npm run -s seed -- --demo-partner` work from that shell because
 * it points DATA_DIR (or DATABASE_URL) at the test's databases and signs with the dev secret
 * the test gateway uses. Every curl answer is checked: GraphQL errors, a null root field, an
 * empty list of edges or a non-JSON answer fail the block that got it, and a block must make
 * as many checked requests as it has curl commands, so a broken example cannot pass.
 */

const ROOT = path.resolve(__dirname, '../../..');
const DOC = path.join(ROOT, 'docs/first-hour.md');
/** Small enough to seed in seconds; the tree (codes LJ … LJ-10-10-0020), programmes and partners are those of the 50,000. */
const DEMO_MEMBERS = 4000;

/** The ```sh blocks of a markdown document, in order. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => m[1]);
}

/** How many curl commands a block runs (lines that call curl, not mentions in comments). */
const curlsIn = (block: string): number =>
  block
    .split('\n')
    .map((line) => line.replace(/^\s*#.*$/, ''))
    .join('\n')
    .match(/(^|[\s(|;&])curl\s/g)?.length ?? 0;

/** What is wrong with one GraphQL answer, or null when it is a real answer. */
export function problemsOf(text: string): string | null {
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `not JSON: ${text.slice(0, 300)}`;
  }
  if (body.errors?.length) return `GraphQL errors: ${JSON.stringify(body.errors)}`;
  if (!body.data || typeof body.data !== 'object') return 'no data';
  const roots = Object.entries(body.data);
  if (!roots.length) return 'no fields in data';
  for (const [field, value] of roots) if (value === null || value === undefined) return `${field} is null`;
  const emptyEdges = (v: unknown, at: string): string | null => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const hit = emptyEdges(v[i], `${at}[${i}]`);
        if (hit) return hit;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'edges' && Array.isArray(x) && x.length === 0) return `${at}.edges is empty`;
        const hit = emptyEdges(x, `${at}.${k}`);
        if (hit) return hit;
      }
    }
    return null;
  };
  return emptyEdges(body.data, 'data');
}

/**
 * The script bash runs: a curl that records and checks every answer (and fails the
 * block on a bad one), then each block behind a marker. The blocks themselves are not
 * changed, so what passes here is what a reader pastes.
 */
function script(blocks: string[], answersFile: string, checker: string): string {
  const prelude = [
    'set -euo pipefail',
    // What the reader sees in a terminal: pick and the token command show things on stderr.
    'exec 2>&1',
    `cd ${JSON.stringify(ROOT)}`,
    // The doc's own curl flags pass through; -S shows transport errors, the answer is checked, then printed as curl would.
    'curl() {',
    '  local out',
    '  out=$(command curl -S "$@") || { echo "curl failed: $*" >&2; return 1; }',
    `  printf '%s\\n' "$out" >> ${JSON.stringify(answersFile)}`,
    `  printf '%s' "$out" | node ${JSON.stringify(checker)} || return 1`,
    "  printf '%s\\n' \"$out\"",
    '}',
  ];
  const body = blocks.flatMap((b, i) => [`echo '@@block ${i + 1}' >> ${JSON.stringify(answersFile)}`, `echo '@@block ${i + 1}'`, b]);
  return [...prelude, ...body, `echo '@@done' >> ${JSON.stringify(answersFile)}`, ''].join('\n');
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * The embedded engine always. The examples run the same on MariaDB (the seed, token and
 * demo-partner commands then read DATABASE_URL and the per-service URLs), but seeding and
 * booting a second graph doubles the time, so MariaDB joins only with FIRST_HOUR_MARIADB=1
 * (and when the global setup found it reachable).
 */
const engines = enginesForSuites().filter((e) => e === 'sqlite' || process.env.FIRST_HOUR_MARIADB === '1');

describe.each(engines)('docs/first-hour.md against the demo data (%s)', (engine: EngineName) => {
  const log = createLogger('first-hour', process.env.LOG_LEVEL ?? 'silent');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-first-hour-'));
  const base = `lianxin_fh_${process.pid}`;
  const names = perSubgraph((s) => `${base}_${s.name}`);
  const urlOf = (db: string) => `${TEST_DATABASE_URL.replace(/\/+$/, '')}/${db}`;
  /** What the seed, the token command and the demo-partner command read to find the test's databases. */
  const dbEnv: Record<string, string> =
    engine === 'mariadb'
      ? { DATABASE_URL: urlOf(names.members), ...Object.fromEntries(SUBGRAPHS.map((s) => [s.databaseVariable, urlOf(names[s.name])])) }
      : { DATA_DIR: dataDir };
  const env: NodeJS.ProcessEnv = { ...process.env, ...dbEnv, LOG_LEVEL: 'error' };
  // The dev secrets, as `npm start` uses them: the token command signs with what the gateway verifies.
  for (const k of ['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL', 'INTERNAL_TOKEN_SECRET', 'NODE_ENV']) delete env[k];
  if (engine === 'sqlite') for (const k of ['DATABASE_URL', ...SUBGRAPHS.map((s) => s.databaseVariable)]) delete env[k];

  const stops: (() => Promise<void>)[] = [];
  let gatewayUrl = '';

  beforeAll(async () => {
    for (const bin of ['token', 'seed']) {
      if (!fs.existsSync(path.join(ROOT, `test/dist/bin/${bin}.js`))) throw new Error(`test/dist/bin/${bin}.js is missing: the doc runs npm run token/seed, so build first (npm run build)`);
    }
    if (engine === 'mariadb') await Promise.all(Object.values(names).map(dropMariadbDatabase));
    const seeded = await run(process.execPath, ['test/dist/bin/seed.js', '--members', String(DEMO_MEMBERS)], env);
    if (seeded.code !== 0) throw new Error(`seeding the demo data failed:\n${seeded.stdout}\n${seeded.stderr}`);

    const opts = (service: SubgraphName) =>
      engine === 'mariadb' ? { databaseUrl: urlOf(names[service]), dataDir, log } : { databaseUrl: undefined, dataDir, log };
    const membersDb = await openMembersDatabase(opts('members'));
    const members = await startMembers({ ...opts('members'), port: 0, internalSecret: DEV_INTERNAL_SECRET }, membersDb);
    stops.push(() => members.stop());
    const casesDb = await openCasesDatabase(opts('cases'));
    const cases = await startCases({ ...opts('cases'), port: 0, internalSecret: DEV_INTERNAL_SECRET, membersUrl: members.url, sweep: { intervalMs: 0 } }, casesDb);
    stops.push(() => cases.stop());
    const benefitsDb = await openBenefitsDatabase(opts('benefits'));
    const benefits = await startBenefits({ ...opts('benefits'), port: 0, internalSecret: DEV_INTERNAL_SECRET, membersUrl: members.url, casesUrl: cases.url, expiryIntervalMs: 0 }, benefitsDb);
    stops.push(() => benefits.stop());
    const gateway = await startGateway(
      loadGatewayConfig({ NODE_ENV: 'test', GATEWAY_PORT: '0', ...subgraphUrlEnv({ members: members.url, cases: cases.url, benefits: benefits.url }), LOG_LEVEL: 'silent' }),
      log,
    );
    stops.push(() => gateway.stop());
    gatewayUrl = `${gateway.url.replace(/\/graphql$/, '')}/graphql`;
  }, 180_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    if (engine === 'mariadb') await Promise.all(Object.values(names).map(dropMariadbDatabase));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the doc has examples for every step the issue names', () => {
    const text = shellBlocks(fs.readFileSync(DOC, 'utf8')).join('\n');
    for (const op of ['raiseCase', 'acceptCase', 'transferCase', 'resolveCase', 'signOffCase', 'rateCase', 'createProgramme', 'setProgrammeRules', 'openProgramme', 'claimVoucher', 'redeemVoucher']) {
      expect(text).toContain(op);
    }
    for (const role of ['--role staff', '--sub lj:', '--role member', '--role admin', '--role partner', 'x-api-key']) expect(text).toContain(role);
  });

  /** Runs blocks as the doc's reader would, through the checking curl; what each block recorded and printed. */
  async function runBlocks(blocks: string[]): Promise<{ code: number | null; output: string; answers: string[][]; printed: string[]; done: boolean }> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-first-hour-run-'));
    const answersFile = path.join(work, 'answers.log');
    const checker = path.join(work, 'check.js');
    // The same check as problemsOf(), for the shell: exits 1 naming the problem.
    fs.writeFileSync(checker, `const problemsOf = ${problemsOf.toString()};\nconst p = problemsOf(require('fs').readFileSync(0, 'utf8'));\nif (p) { console.error('bad answer: ' + p); process.exit(1); }\n`);
    try {
      const r = await run('bash', ['-s'], { ...env, GATEWAY: gatewayUrl }, script(blocks, answersFile, checker));
      const recorded = fs.existsSync(answersFile) ? fs.readFileSync(answersFile, 'utf8') : '';
      return {
        code: r.code,
        output: r.stdout + r.stderr,
        answers: recorded.split(/^@@block \d+\n/m).slice(1).map((chunk) => chunk.replace(/^@@done\n?/m, '').split('\n').filter(Boolean)),
        printed: r.stdout.split(/^@@block \d+\n/m).slice(1),
        done: recorded.includes('@@done'),
      };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  test('every ```sh block runs as written and every answer is a real one', async () => {
    const blocks = shellBlocks(fs.readFileSync(DOC, 'utf8'));
    expect(blocks.length).toBeGreaterThan(5);
    const r = await runBlocks(blocks);
    const reached = r.answers.length;
    if (r.code !== 0 || !r.done) {
      throw new Error(`docs/first-hour.md failed (exit ${r.code}) at block ${reached} of ${blocks.length}:\n${blocks[reached - 1] ?? ''}\noutput (tail):\n${r.output.slice(-4000)}`);
    }
    // Per block: as many checked answers as curl commands, each a real answer, and something shown.
    expect(r.answers).toHaveLength(blocks.length);
    blocks.forEach((block, i) => {
      expect({ block: i + 1, curls: r.answers[i].length }).toEqual({ block: i + 1, curls: curlsIn(block) });
      for (const a of r.answers[i]) expect({ block: i + 1, problem: problemsOf(a) }).toEqual({ block: i + 1, problem: null });
      expect({ block: i + 1, printed: r.printed[i].trim().length > 0 }).toEqual({ block: i + 1, printed: true });
    });
  }, 180_000);

  test('a broken example fails: GraphQL errors, a null answer, a failing command', async () => {
    const post = (body: string, auth = '') => `curl -s "$GATEWAY" ${auth} -H 'content-type: application/json' -d '${body}'`;
    const broken: [string, RegExp][] = [
      [post('{"query":"{ nope }"}'), /bad answer: GraphQL errors/],
      [`ADMIN=$(npm run -s token -- --role admin)\n${post('{"query":"{ orgByCode(code: \\"NOPE\\") { id } }"}', '-H "authorization: Bearer $ADMIN"')}`, /bad answer: orgByCode is null/],
      ['npm run -s token -- --role nobody', /role/],
    ];
    for (const [block, why] of broken) {
      const r = await runBlocks(['echo start', block, 'echo unreachable']);
      expect({ block, failed: r.code !== 0, done: r.done }).toEqual({ block, failed: true, done: false });
      expect(r.output).not.toContain('unreachable');
      expect(r.output).toMatch(why);
    }
    expect(problemsOf('{"data":{"members":{"edges":[]}}}')).toBe('data.members.edges is empty');
    expect(problemsOf('{"data":{"claimVoucher":null},"errors":[{"message":"x"}]}')).toMatch(/^GraphQL errors/);
    expect(problemsOf('<html>')).toMatch(/^not JSON/);
    expect(problemsOf('{"data":{"case":{"state":"CLOSED","resolution":null}}}')).toBeNull();
  }, 60_000);
});

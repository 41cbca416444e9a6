/**
 * `npm run bench`: what the gateway costs on the hot read paths.
 *
 * Seeds (or reuses) a 200,000-member MariaDB dataset and 500,000 demo cases over its tree,
 * and starts the members subgraph, the cases subgraph and the gateway as separate
 * processes.
 *
 * Members: sends the same members page as district staff (a) straight to the subgraph
 * with an internal token and (b) through the gateway with a client JWT. The two run
 * interleaved in short slices so drift on this shared machine (MariaDB caches, CPU
 * frequency, neighbours) hits both equally. Then it counts SQL statements per request for
 * several page sizes, which must not grow with the page.
 *
 * Cases (cases.ts): the district's case list and its yearly figures through the gateway,
 * at half of their saturation throughput, with SQL statements per request per subgraph.
 *
 * Benefits (benefits.ts): the partner desk through the gateway with 100+ partner callers —
 * eligibility checks by member QR and voucher checks (saturation, then a fixed arrival
 * rate), redemptions of distinct tickets with a concurrent double-redemption probe, and the
 * database counted afterwards — over the demo programmes seeded (or reused) in
 * lianxin_bench_benefits over the members dataset.
 *
 * Issue 11's lean cuts (SUBGRAPH_LEAN, packages/subgraph/src/lean.ts): the members rounds and
 * part (c) of the cases run each slice once with them off and once on, switched on the same
 * processes, and print the members page and the case list against their CPU targets.
 *
 * BENCH_ONLY=members, cases or benefits runs one part (the services all start either way).
 *
 * Exit code: 0 when the measurement ran (whether or not targets were met), 1 when
 * something broke (MariaDB unreachable, a service did not start, wrong answers, errors).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, type Caller } from '@lianxin/auth';
import { defineCommand, graphqlUrl, perSubgraph, SUBGRAPH_NAMES, subgraphProcessEnv, subgraphUrlEnv, type SubgraphName } from '@lianxin/config';
import { BENCH_SEED_OPTIONS } from '@lianxin/members/dist/seed/generate';
import { DEV_PII_SECRET } from '@lianxin/members/dist/member/member.pii';
import { FIGURES_QUERY, LIST_FILTERS, LIST_QUERY, measureCases } from './cases';
import { CpuTotals, cpuSnapshot, findDatabasePid } from './cpu';
import { CHECK_ELIGIBILITY, CHECK_P99_TARGET_MS, CHECK_VOUCHER, CHECKS_PER_SECOND_TARGET, formatByHash, formatFactsFeed, formatOneStatement, measureBenefits, readFactsFeed, REDEEM, waitForFactsCopy } from './benefits';
import {
  BENCH_BENEFITS_DATABASE,
  BENCH_CASES_DATABASE,
  BENCH_INTERNAL_SECRET,
  BenchError,
  benchDatabase,
  benchDatabaseUrl,
  ensureBenefitsDataset,
  ensureCasesDataset,
  ensureDataset,
  pickDistrict,
  readBenefitsWorld,
  serverUrl,
  type BenefitsDatasetInfo,
  type CasesDatasetInfo,
  type District,
} from './dataset';
import { createTarget, runSlice, sendOnce, TargetTotals, type JsonAnswer, type Target } from './load';
import { freePort, indent, RssSampler, setLean, startService, subgraphCounters, waitForHealth, type ServiceProcess } from './procs';
import { summariseProfile } from './profile';
import {
  FLAT_TOLERANCE,
  formatBenefitsReport,
  formatCasesReport,
  formatReport,
  RATIO_TARGET,
  writeJson,
  type BenchResult,
  type BenefitsBenchResult,
  type CasesBenchResult,
  type SqlResult,
  type TargetResult,
} from './report';
import { ratePerSecond, round, summarise } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/**
 * Production refuses the built-in development secrets, so the services get the bench's own
 * (dataset.ts): the benefits dataset's partner keys and the members' QR codes are made with
 * it, so a reused dataset still works. The datasets were encrypted with the development PII
 * key, which production accepts as a value.
 */
const BENCH_JWT_SECRET = `bench-jwt-${randomBytes(24).toString('hex')}`;
const QUERY = 'query ($first: Int!) { members(first: $first) { edges { node { id name org { name } } } pageInfo { endCursor hasNextPage } } }';
const PAGE_SIZE = 50;
const SQL_PAGE_SIZES = [1, 10, 100];
const JWT_ISSUER = 'lianxin';
const JWT_AUDIENCE = 'lianxin-graph';
/** The cases targets hold at this share of saturation throughput. */
const CASES_LOAD_SHARE = 0.5;
/** More failed requests than this share means the measurement is void. */
const MAX_ERROR_RATE = 0.01;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new BenchError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return v;
}

const flagEnv = (name: string): boolean => ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());

function readSettings() {
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306',
    members: intEnv('BENCH_MEMBERS', BENCH_SEED_OPTIONS.members, 1_000, 10_000_000),
    secondsPerTarget: intEnv('BENCH_SECONDS', 60, 1, 3600),
    sliceSeconds: intEnv('BENCH_SLICE_SECONDS', 5, 1, 600),
    // Long enough for both processes' JIT and MariaDB's buffer pool to settle before anything counts.
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 10, 0, 600),
    concurrency: intEnv('BENCH_CONCURRENCY', 16, 1, 1024),
    sqlRequests: intEnv('BENCH_SQL_REQUESTS', 50, 1, 10_000),
    // Measure the way it is deployed: graphql-js and express skip development-only work in production.
    nodeEnv: process.env.BENCH_NODE_ENV || 'production',
    profile: flagEnv('BENCH_PROFILE'),
    // 1/true/yes: every dataset; "cases" or "benefits": that dataset only.
    reseed: flagEnv('BENCH_RESEED'),
    reseedCases: flagEnv('BENCH_RESEED') || (process.env.BENCH_RESEED ?? '').toLowerCase() === 'cases',
    reseedBenefits: flagEnv('BENCH_RESEED') || (process.env.BENCH_RESEED ?? '').toLowerCase() === 'benefits',
    only: onlyEnv(),
    cases: intEnv('BENCH_CASES', 500_000, 1_000, 5_000_000),
    // Open-loop seconds per cases query; the saturation search adds its own steps.
    casesSeconds: intEnv('BENCH_CASES_SECONDS', intEnv('BENCH_SECONDS', 60, 1, 3600), 1, 3600),
    saturationSeconds: intEnv('BENCH_SATURATION_SECONDS', 10, 1, 600),
    saturationSteps: stepsEnv('BENCH_SATURATION_STEPS', [2, 4, 8, 16, 32, 64]),
    // Benefits: cinemas beyond the demo's nine (each a partner caller with its own key), open tickets to redeem.
    benefitsPartners: intEnv('BENCH_BENEFITS_PARTNERS', 120, 91, 10_000),
    benefitsOpenVouchers: intEnv('BENCH_BENEFITS_OPEN_VOUCHERS', 60_000, 1_000, 1_000_000),
    benefitsMinOpen: intEnv('BENCH_BENEFITS_MIN_OPEN', 25_000, 500, 1_000_000),
    benefitsSeconds: intEnv('BENCH_BENEFITS_SECONDS', intEnv('BENCH_SECONDS', 60, 1, 3600), 1, 3600),
    redeemConcurrency: intEnv('BENCH_REDEEM_CONCURRENCY', 16, 1, 1024),
    probeAttempts: intEnv('BENCH_PROBE_ATTEMPTS', 8, 2, 256),
    probeEveryMs: intEnv('BENCH_PROBE_EVERY_MS', 250, 10, 60_000),
  };
}

/** The parts the bench measures, one per subgraph so far; a new subgraph gets one only with a measurement of its own. */
const PARTS = ['members', 'cases', 'benefits'] as const satisfies readonly SubgraphName[];
type Part = (typeof PARTS)[number];

function onlyEnv(): Part | undefined {
  const raw = (process.env.BENCH_ONLY ?? '').toLowerCase();
  if (raw === '' || raw === 'all') return undefined;
  const part = PARTS.find((p) => p === raw);
  if (part) return part;
  throw new BenchError(`BENCH_ONLY must be one of ${PARTS.join(', ')} (got "${process.env.BENCH_ONLY}")`);
}

function stepsEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const steps = raw.split(',').map((x) => Number(x.trim()));
  if (!steps.length || steps.some((x) => !Number.isInteger(x) || x < 1 || x > 1024)) throw new BenchError(`${name} must be a comma-separated list of concurrencies from 1 to 1024 (got "${raw}")`);
  return steps;
}

type Settings = ReturnType<typeof readSettings>;

/** The services of this run, so a failure can say which of them died and why. */
const services: ServiceProcess[] = [];

/** Exit status and last output of every service that is no longer running. */
function deadServices(): string {
  return services
    .filter((s) => s.exitStatus() !== undefined)
    .map((s) => `\n${s.name} (pid ${s.pid}) exited with ${s.exitStatus()}; its last output:\n${indent(s.logTail())}`)
    .join('');
}

/** Everything to undo at the end, newest first; also run on SIGINT/SIGTERM. */
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (err) {
        console.error('cleanup step failed:', err instanceof Error ? err.message : err);
      }
    }
  })());
}

/** Aborted on SIGINT/SIGTERM: load workers finish their request in flight and stop. */
const interrupted = new AbortController();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // once: a second Ctrl-C gets Node's default (exit now); the exit hook in procs.ts still kills the services.
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the services…`);
    interrupted.abort();
    void cleanup().finally(() => process.exit(130));
  });
}

const log = (message: string): void => console.log(message);

/** The first page must be complete: `first` members, each with its org's name, and a cursor. */
function checkPage(label: string, answer: JsonAnswer, first: number): string[] {
  type Page = { data?: { members?: { edges?: { node?: { id?: string; name?: string; org?: { name?: string } } }[]; pageInfo?: { endCursor?: string } } }; errors?: unknown };
  const page = answer.json as Page | undefined;
  const edges = page?.data?.members?.edges;
  const complete =
    answer.status === 200 &&
    !page?.errors &&
    edges?.length === first &&
    edges.every((e) => e.node?.id && e.node.name && typeof e.node.org?.name === 'string' && e.node.org.name.length > 0) &&
    !!page?.data?.members?.pageInfo?.endCursor;
  if (!complete) {
    throw new BenchError(`${label}: expected ${first} members with org names, got HTTP ${answer.status}:\n    ${answer.text.slice(0, 600)}`);
  }
  return edges!.map((e) => e.node!.id!);
}

/** One profile directory per service, so each file is known to be whose. */
function profileArgs(profileDir: string | undefined, service: string): string[] {
  if (!profileDir) return [];
  fs.mkdirSync(path.join(profileDir, service), { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, service)}`];
}

const profileFiles = (profileDir: string, service: string): string[] => {
  const dir = path.join(profileDir, service);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
};

/** What a subgraph gets in the bench beyond its port and database: nothing but the measured requests touches MariaDB. */
const QUIET: Partial<Record<SubgraphName, Record<string, string>>> = {
  cases: { CASE_SWEEP_INTERVAL_SECONDS: '0' },
  benefits: { VOUCHER_EXPIRY_INTERVAL_SECONDS: '0' },
};

/**
 * Every subgraph on its bench database, and the gateway. The gateway is ready only when every
 * subgraph is, so they all start whichever part is measured.
 */
async function startServices(settings: Settings, server: URL, profileDir: string | undefined) {
  // SUBGRAPH_LEAN_SWITCH: the subgraphs take /bench/lean/on|off, so each part measures with and without the lean cuts in one run.
  // MIGRATE_ON_START: a reused bench database a part did not open this run may predate a migration; the bench
  // measures requests, not deploys, so its production-mode processes migrate (under the lock) as development does.
  const common = { LOG_LEVEL: 'warn', NODE_ENV: settings.nodeEnv, HOST: '127.0.0.1', INTERNAL_TOKEN_SECRET: BENCH_INTERNAL_SECRET, PII_SECRET: DEV_PII_SECRET, SUBGRAPH_LEAN_SWITCH: '1', MIGRATE_ON_START: 'on' };
  const start = (name: string, script: string, port: number, env: Record<string, string>): ServiceProcess => {
    const service = startService({ name, script: path.join(ROOT, script), port, cwd: ROOT, nodeArgs: profileArgs(profileDir, name), env: { ...common, ...env } });
    services.push(service);
    cleanups.push(() => service.stop());
    return service;
  };
  const ports = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) ports[name] = await freePort();
  const urls = perSubgraph((s) => graphqlUrl(ports[s.name]));
  const subgraphs = perSubgraph((s) =>
    start(s.name, s.mainFile, ports[s.name], {
      ...subgraphProcessEnv(s, ports[s.name], urls.members, urls.cases),
      [s.databaseVariable]: benchDatabaseUrl(server, benchDatabase(s.name)),
      ...QUIET[s.name],
      // Members delivers org.changed and member.changed to these bench processes, never to whatever listens on the default ports.
      ...(s.name === 'members' ? subgraphUrlEnv(urls) : {}),
    }),
  );
  const gatewayPort = await freePort();
  // The benefits part's partner operations are published to the bench gateway as trusted documents (partners run nothing else).
  const partnerManifest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-')), 'partner.json');
  fs.writeFileSync(partnerManifest, JSON.stringify(Object.fromEntries([CHECK_ELIGIBILITY, CHECK_VOUCHER, REDEEM].map((q) => [createHash('sha256').update(q).digest('hex'), q]))));
  const gateway = start('gateway', 'gateway/dist/main.js', gatewayPort, {
    GATEWAY_PORT: String(gatewayPort),
    TRUSTED_PARTNER_DOCUMENTS: partnerManifest,
    // The bench measures throughput from a few callers, far over any per-caller budget a city would set.
    ...Object.fromEntries(['MEMBER', 'STAFF', 'PARTNER', 'ADMIN'].map((r) => [`RATE_LIMIT_${r}_PER_MINUTE`, '1000000'])),
    ANONYMOUS_REQUESTS_PER_MINUTE: '1000000',
    ...subgraphUrlEnv(urls),
    JWT_SECRET: BENCH_JWT_SECRET,
    // An inherited JWKS URL would switch the gateway to RS256 and reject our token.
    JWT_JWKS_URL: '',
    JWT_ISSUER,
    JWT_AUDIENCE,
  });
  await Promise.all([...Object.values(subgraphs), gateway].map((s) => waitForHealth(s)));
  // Health says the process is up; ready says the subgraphs reach MariaDB and the gateway reaches the subgraphs.
  await waitForHealth(gateway, 30_000, '/ready');
  return { ...subgraphs, gateway };
}

/** A client JWT for a partner: the other way a partner signs in, besides an API key. */
function partnerClientToken(partnerId: string): Promise<string> {
  return new SignJWT({ role: 'partner', pid: partnerId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`bench-partner-${partnerId}`)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BENCH_JWT_SECRET));
}

/** A client JWT for staff of the district, as the gateway expects in development. */
function staffClientToken(district: District): Promise<string> {
  return new SignJWT({ role: 'staff', org: district.id })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-staff')
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BENCH_JWT_SECRET));
}

async function buildTargets(district: District, members: ServiceProcess, gateway: ServiceProcess, concurrency: number) {
  const caller: Caller = { sub: 'bench-staff', role: 'staff', orgId: district.id, orgPath: district.path, perms: [] };
  // An hour, not the 60 s the gateway uses: the run is longer than a minute and the subgraph caches verified tokens anyway.
  const internalToken = await signInternalToken(caller, 'members', secretKey(BENCH_INTERNAL_SECRET), 3600);
  const clientToken = await staffClientToken(district);
  const body = { query: QUERY, variables: { first: PAGE_SIZE } };
  return {
    direct: createTarget('direct', `${members.origin}/graphql`, { [INTERNAL_TOKEN_HEADER]: internalToken }, body, concurrency),
    gateway: createTarget('gateway', `${gateway.origin}/graphql`, { authorization: `Bearer ${clientToken}` }, body, concurrency),
  };
}

/** Statements per gateway request for each page size; sequential so nothing else moves the counters. */
async function measureSql(gateway: Target, members: ServiceProcess, requests: number): Promise<SqlResult[]> {
  const results: SqlResult[] = [];
  for (const first of SQL_PAGE_SIZES) {
    const body = { query: QUERY, variables: { first } };
    // Unmeasured first call: verifies the page and refreshes the gateway's scope cache, whose
    // expiry would otherwise add a lookup statement to the measured window.
    checkPage(`gateway, first: ${first}`, await sendOnce(gateway, body), first);
    const before = await subgraphCounters(members);
    for (let i = 0; i < requests; i++) {
      const answer = await sendOnce(gateway, body);
      if (answer.status !== 200 || answer.text.includes('"errors":')) {
        throw new BenchError(`gateway, first: ${first}: request failed with HTTP ${answer.status}: ${answer.text.slice(0, 400)}`);
      }
    }
    const after = await subgraphCounters(members);
    results.push({
      first,
      requests,
      statementsPerRequest: round((after.statements - before.statements) / requests, 3),
      subgraphRequestsPerRequest: round((after.requests - before.requests) / requests, 3),
    });
  }
  return results;
}

function targetResult(totals: TargetTotals, cpu: CpuTotals, name: string, description: string): TargetResult {
  const latency = summarise(totals.latenciesMs);
  const seconds = Number(totals.elapsedNs) / 1e9;
  const perRequest = (cpuSeconds: number) => round((cpuSeconds * 1000) / Math.max(1, totals.ok), 3);
  const cores = (cpuSeconds: number) => round(seconds > 0 ? cpuSeconds / seconds : 0, 2);
  return {
    name,
    description,
    requests: totals.ok,
    errors: totals.errors,
    firstError: totals.firstError,
    seconds: round(Number(totals.elapsedNs) / 1e9, 3),
    rps: round(ratePerSecond(totals.ok, totals.elapsedNs), 1),
    latency: {
      count: latency.count,
      meanMs: round(latency.meanMs, 3),
      p50Ms: round(latency.p50Ms, 3),
      p90Ms: round(latency.p90Ms, 3),
      p99Ms: round(latency.p99Ms, 3),
      maxMs: round(latency.maxMs, 3),
    },
    cpu: {
      msPerRequest: {
        members: perRequest(cpu.used.members),
        gateway: perRequest(cpu.used.gateway),
        database: perRequest(cpu.used.database),
        loadGenerator: perRequest(cpu.used.loadGenerator),
        // Machine-wide busy time nobody above accounts for: kernel work, other builds or tests.
        other: perRequest(Math.max(0, cpu.used.machine - cpu.used.members - cpu.used.gateway - cpu.used.database - cpu.used.loadGenerator)),
      },
      cores: {
        members: cores(cpu.used.members),
        gateway: cores(cpu.used.gateway),
        database: cores(cpu.used.database),
        loadGenerator: cores(cpu.used.loadGenerator),
        machine: cores(cpu.used.machine),
      },
    },
  };
}

const sliceLine = (label: string, s: { ok: number; errors: number; elapsedNs: bigint; latenciesMs: number[] }): string => {
  const l = summarise(s.latenciesMs);
  return `${label.padEnd(9)} ${ratePerSecond(s.ok, s.elapsedNs).toFixed(0).padStart(6)} req/s  p50 ${l.p50Ms.toFixed(1).padStart(6)} ms  p99 ${l.p99Ms.toFixed(1).padStart(6)} ms${s.errors ? `  ${s.errors} errors` : ''}`;
};

/** What the members half measured, turned into its report once the services have stopped. */
interface MembersRun {
  totals: { direct: TargetTotals; gateway: TargetTotals };
  cpu: { direct: CpuTotals; gateway: CpuTotals };
  /** The same slices with the subgraphs' lean cuts off: the way before issue 11. */
  before: { totals: { direct: TargetTotals; gateway: TargetTotals }; cpu: { direct: CpuTotals; gateway: CpuTotals } };
  sql: SqlResult[];
  sliceMs: number;
  rss: RssSampler;
  rssAfterStart?: number;
  rssFinal?: number;
}

/** The members half: the same page straight from the subgraph and through the gateway, interleaved. */
async function runMembers(settings: Settings, district: District, svc: { members: ServiceProcess; gateway: ServiceProcess; subgraphs: ServiceProcess[] }, databasePid: number | undefined): Promise<MembersRun> {
  const { members, gateway } = svc;
  const rss = new RssSampler(gateway.pid);
  const rssAfterStart = rss.sample();

  // Targets, checked before anything is measured.
  const targets = await buildTargets(district, members, gateway, settings.concurrency);
  // destroy, not close: close would wait for requests still in flight when interrupted.
  cleanups.push(() => Promise.all([targets.direct.pool.destroy(), targets.gateway.pool.destroy()]));
  const directIds = checkPage('direct to members', await sendOnce(targets.direct), PAGE_SIZE);
  const gatewayIds = checkPage('through the gateway', await sendOnce(targets.gateway), PAGE_SIZE);
  if (directIds.join() !== gatewayIds.join()) {
    throw new BenchError('The gateway and the subgraph returned different members for the same caller: the scopes differ.');
  }
  log(`  verified: both return the same ${PAGE_SIZE} members with org names`);

  // Load: warm-up, then interleaved slices.
  if (settings.warmupSeconds > 0) {
    log(`Warm-up ${settings.warmupSeconds} s per target…`);
    for (const t of [targets.direct, targets.gateway]) log(`  ${sliceLine(t.name, await runSlice(t, settings.concurrency, settings.warmupSeconds * 1000, interrupted.signal))}`);
  }
  const rounds = Math.ceil(settings.secondsPerTarget / settings.sliceSeconds);
  const sliceMs = (settings.secondsPerTarget / rounds) * 1000;
  log(`Measuring: ${rounds} rounds of ${(sliceMs / 1000).toFixed(1)} s per target, lean cuts off then on in each, concurrency ${settings.concurrency}…`);
  const totals = { direct: new TargetTotals(), gateway: new TargetTotals() };
  const cpu = { direct: new CpuTotals(), gateway: new CpuTotals() };
  const before = { totals: { direct: new TargetTotals(), gateway: new TargetTotals() }, cpu: { direct: new CpuTotals(), gateway: new CpuTotals() } };
  const snapshot = () => cpuSnapshot({ members: members.pid, gateway: gateway.pid, database: databasePid });
  for (let i = 0; i < rounds; i++) {
    for (const on of [false, true]) {
      await setLean(svc.subgraphs, on);
      const into = on ? { totals, cpu } : before;
      let start = snapshot();
      const a = await runSlice(targets.direct, settings.concurrency, sliceMs, interrupted.signal);
      into.cpu.direct.add(start, snapshot());
      into.totals.direct.add(a);
      if (on) rss.start();
      start = snapshot();
      const b = await runSlice(targets.gateway, settings.concurrency, sliceMs, interrupted.signal);
      into.cpu.gateway.add(start, snapshot());
      if (on) rss.stop();
      interrupted.signal.throwIfAborted();
      into.totals.gateway.add(b);
      log(`  ${String(i + 1).padStart(2)}/${rounds} lean ${on ? 'on ' : 'off'}  ${sliceLine('direct', a)} | ${sliceLine('gateway', b)}`);
    }
  }
  const rssFinal = rss.sample();

  // SQL statements per request.
  log(`Counting SQL statements per request (page sizes ${SQL_PAGE_SIZES.join(', ')})…`);
  const sql = await measureSql(targets.gateway, members, settings.sqlRequests);
  await Promise.all([targets.direct.pool.destroy(), targets.gateway.pool.destroy()]);
  return { totals, cpu, before, sql, sliceMs, rss, rssAfterStart, rssFinal };
}

/** Turns the members half into its report; 1 when too many requests failed for the numbers to count. */
function reportMembers(run: MembersRun, settings: Settings, startedAt: Date, t0: bigint, dataset: BenchResult['dataset'], district: District, profile: BenchResult['profile'], serviceLogs: BenchResult['serviceLogs']): number {
  const direct = targetResult(run.totals.direct, run.cpu.direct, 'direct', 'members subgraph');
  const viaGateway = targetResult(run.totals.gateway, run.cpu.gateway, 'gateway', 'gateway');
  const leanOff = {
    direct: targetResult(run.before.totals.direct, run.before.cpu.direct, 'direct', 'members subgraph, lean off'),
    gateway: targetResult(run.before.totals.gateway, run.before.cpu.gateway, 'gateway', 'gateway, lean off'),
  };
  const ratio = direct.rps > 0 ? viaGateway.rps / direct.rps : 0;
  const perRequest = run.sql.map((s) => s.statementsPerRequest);
  const spread = Math.max(...perRequest) - Math.min(...perRequest);
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    durationSeconds: round(Number(process.hrtime.bigint() - t0) / 1e9, 1),
    settings: {
      concurrency: settings.concurrency,
      secondsPerTarget: settings.secondsPerTarget,
      sliceSeconds: round(run.sliceMs / 1000, 2),
      warmupSeconds: settings.warmupSeconds,
      sqlRequestsPerPageSize: settings.sqlRequests,
      nodeEnv: settings.nodeEnv,
      cpus: os.cpus().length,
      node: process.version,
    },
    dataset,
    district,
    query: QUERY,
    targets: { direct, gateway: viaGateway },
    leanOff,
    ratio: { value: round(ratio, 3), target: RATIO_TARGET, pass: ratio >= RATIO_TARGET },
    gatewayRssMiB: {
      afterStart: run.rssAfterStart === undefined ? undefined : round(run.rssAfterStart, 1),
      max: round(run.rss.max, 1),
      final: run.rssFinal === undefined ? undefined : round(run.rssFinal, 1),
      samples: run.rss.samples,
    },
    sql: { pageSizes: run.sql, spread: round(spread, 3), tolerance: FLAT_TOLERANCE, flat: spread <= FLAT_TOLERANCE },
    profile,
    serviceLogs,
  };
  log(formatReport(result));
  log(`JSON: ${path.relative(process.cwd(), writeJson(result, __dirname)) || 'last-run.json'}`);

  // Missed targets are results; a measurement with many failed requests is not one.
  for (const t of [direct, viaGateway, leanOff.direct, leanOff.gateway]) {
    const total = t.requests + t.errors;
    if (total === 0 || t.errors / total > MAX_ERROR_RATE) {
      console.error(`\n${t.name}: ${t.errors} of ${total} requests failed; the numbers above are not valid.`);
      return 1;
    }
  }
  return 0;
}

const command = defineCommand({
  usage: 'npm run bench   (settings through the environment: BENCH_ONLY=cases npm run bench)',
  summary:
    'On MariaDB, seeds (or reuses) the bench datasets and measures the members page, the cases list and figures, and the partner desk through the gateway.',
  options: {},
  notes: [
    'Environment:',
    '  BENCH_DATABASE_URL / DATABASE_URL  the MariaDB server (default mysql://root@127.0.0.1:3306)',
    `  BENCH_ONLY                         ${PARTS.join(', ')}: one part only`,
    '  BENCH_RESEED                       1 (every dataset), cases or benefits: seed again',
    '  BENCH_PROFILE=1                    CPU profiles of the services',
    '  BENCH_MEMBERS, BENCH_CASES         dataset sizes (200,000 and 500,000)',
    '  BENCH_SECONDS, BENCH_CONCURRENCY   seconds per target (60), concurrent callers (16); more in test/src/bench/run.ts',
  ].join('\n'),
});

async function main(): Promise<number> {
  command.read();
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  const settings = readSettings();
  const server = serverUrl(settings.databaseUrl);

  // 1. Datasets.
  const options = { ...BENCH_SEED_OPTIONS, members: settings.members };
  log(`Dataset: ${options.members.toLocaleString('en-US')} members in ${server.hostname}:${server.port || 3306}/lianxin_bench_members…`);
  const { ds, info: dataset } = await ensureDataset(server, options, settings.reseed);
  let district: District;
  let casesDataset: CasesDatasetInfo | undefined;
  let benefitsDataset: BenefitsDatasetInfo | undefined;
  let memberIds: string[] = [];
  const wants = (part: Part) => settings.only === undefined || settings.only === part;
  try {
    district = await pickDistrict(ds);
    log(`  ${dataset.seededThisRun ? 'seeded' : 'reused'}: ${dataset.members.toLocaleString('en-US')} members, ${dataset.orgs.toLocaleString('en-US')} orgs; caller: staff of ${district.name} (${district.members.toLocaleString('en-US')} members in scope)`);
    if (wants('cases')) {
      // The members' reference date (as the members generator reads it): the cases end where the members do, whatever day the bench runs.
      const spec = { cases: settings.cases, now: new Date(`${options.referenceDate}T00:00:00Z`).toISOString(), seed: options.seed };
      log(`Dataset: ${spec.cases.toLocaleString('en-US')} cases up to ${spec.now} in ${BENCH_CASES_DATABASE}…`);
      casesDataset = await ensureCasesDataset(server, ds, options, spec, settings.reseedCases);
      log(`  ${casesDataset.seededThisRun ? `seeded in ${casesDataset.seedSeconds?.toFixed(1)} s: ${casesDataset.events?.toLocaleString('en-US')} ledger events, ${casesDataset.scopes?.toLocaleString('en-US')} visibility rows, ${casesDataset.tally?.toLocaleString('en-US')} tally rows` : 'reused'}`);
    }
    if (wants('benefits')) {
      const spec = { extraCinemas: settings.benefitsPartners, openVouchers: settings.benefitsOpenVouchers, seed: options.seed };
      log(`Dataset: benefit programmes, ${9 + spec.extraCinemas} cinemas, a pool and a gym, ${spec.openVouchers.toLocaleString('en-US')} open tickets in ${BENCH_BENEFITS_DATABASE}…`);
      benefitsDataset = await ensureBenefitsDataset(server, ds, options, spec, settings.benefitsMinOpen, settings.reseedBenefits);
      log(`  ${benefitsDataset.seededThisRun ? `seeded in ${benefitsDataset.seedSeconds?.toFixed(1)} s` : 'reused'}: ${benefitsDataset.partners} partners, ${benefitsDataset.vouchers.toLocaleString('en-US')} vouchers, ${benefitsDataset.openVouchers.toLocaleString('en-US')} open cinema tickets`);
      memberIds = ((await ds.query('SELECT id FROM member')) as { id: string }[]).map((m) => m.id);
    }
  } finally {
    // The bench process needs no connections of its own while measuring.
    await ds.destroy();
  }
  if (district.members <= Math.max(...SQL_PAGE_SIZES)) {
    throw new BenchError(`${district.name} has only ${district.members} members; raise BENCH_MEMBERS so a page of ${Math.max(...SQL_PAGE_SIZES)} fills up.`);
  }

  // 2. Services.
  const profileDir = settings.profile ? path.join(os.tmpdir(), 'lianxin-bench-profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  log(`Starting the ${SUBGRAPH_NAMES.join(', ')} subgraphs and the gateway…`);
  const started = await startServices(settings, server, profileDir);
  const { members, cases, benefits, gateway } = started;
  log(`  ${Object.values(started).map((s) => `${s.name} pid ${s.pid} on ${s.origin}`).join(', ')}${profileDir ? ' (CPU profiling)' : ''}`);
  // MariaDB's share only when it runs here: a remote server's CPU is not ours to see.
  const databasePid = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(server.hostname) ? findDatabasePid() : undefined;

  // 3. Measurements.
  const membersRun = wants('members') ? await runMembers(settings, district, { members, gateway, subgraphs: [members, cases, benefits] }, databasePid) : undefined;
  let casesRun: Awaited<ReturnType<typeof measureCases>> | undefined;
  if (wants('cases')) {
    log(`Cases: as staff of ${district.name}, through the gateway…`);
    casesRun = await measureCases({
      district,
      clientToken: await staffClientToken(district),
      gateway,
      members,
      cases,
      subgraphs: [members, cases, benefits],
      databasePid,
      settings: {
        leanSliceSeconds: settings.sliceSeconds,
        leanRounds: Math.max(1, Math.ceil(settings.casesSeconds / settings.sliceSeconds / 2)),
        seconds: settings.casesSeconds,
        saturationSeconds: settings.saturationSeconds,
        saturationSteps: settings.saturationSteps,
        warmupSeconds: settings.warmupSeconds,
        loadShare: CASES_LOAD_SHARE,
        sqlRequests: settings.sqlRequests,
      },
      stop: interrupted.signal,
      log,
    });
  }

  let benefitsRun: Awaited<ReturnType<typeof measureBenefits>> | undefined;
  let factsFeed: Awaited<ReturnType<typeof readFactsFeed>> = null;
  if (benefitsDataset) {
    log('Benefits: the partner desk, through the gateway…');
    const world = await readBenefitsWorld(server);
    // A fresh benefits fills its copy of member facts in the background; measure the desk on the copy, not on its fallback.
    log(formatFactsFeed(await waitForFactsCopy(benefits.origin, BENCH_INTERNAL_SECRET, memberIds.length, 300_000)));
    benefitsRun = await measureBenefits({
      gateway,
      members,
      benefits,
      databasePid,
      server,
      partners: world.partners,
      cinemaProgrammeId: world.cinemaProgrammeId,
      openCodes: world.openCodes,
      memberIds,
      internalSecret: BENCH_INTERNAL_SECRET,
      partnerToken: partnerClientToken,
      settings: {
        seconds: settings.benefitsSeconds,
        sliceSeconds: settings.sliceSeconds,
        saturationSeconds: settings.saturationSeconds,
        saturationSteps: settings.saturationSteps,
        warmupSeconds: settings.warmupSeconds,
        sqlRequests: settings.sqlRequests,
        redeemConcurrency: settings.redeemConcurrency,
        probeAttempts: settings.probeAttempts,
        probeEveryMs: settings.probeEveryMs,
      },
      stop: interrupted.signal,
      log,
    });
    // Read while benefits still runs: the lag the churn during the checks produced.
    factsFeed = await readFactsFeed(benefits.origin, BENCH_INTERNAL_SECRET);
  }

  const died = deadServices();
  if (died) throw new BenchError(`A service stopped during the run:${died}`);
  const serviceLogs = [members, cases, benefits, gateway].map((s) => ({ service: s.name, lines: s.logLines(), tail: s.logTail() }));
  // Stop now (not in the final cleanup) so the CPU profiles are on disk before the reports name them.
  await Promise.all([gateway.stop(), cases.stop(), benefits.stop(), members.stop()]);

  // 4. Reports.
  let code = 0;
  if (membersRun) {
    const profile = profileDir ? { dir: path.join(profileDir, 'gateway'), files: profileFiles(profileDir, 'gateway') } : undefined;
    code = reportMembers(membersRun, settings, startedAt, t0, dataset, district, profile, serviceLogs);
  }
  if (casesRun && casesDataset) {
    const result: CasesBenchResult = {
      startedAt: startedAt.toISOString(),
      dataset: casesDataset,
      district,
      settings: {
        seconds: settings.casesSeconds,
        saturationSeconds: settings.saturationSeconds,
        saturationSteps: settings.saturationSteps,
        warmupSeconds: settings.warmupSeconds,
        loadShare: CASES_LOAD_SHARE,
        sqlRequests: settings.sqlRequests,
        nodeEnv: settings.nodeEnv,
        cpus: os.cpus().length,
        node: process.version,
      },
      queries: { list: LIST_QUERY, listFilters: LIST_FILTERS, figures: FIGURES_QUERY },
      figuresTotal: casesRun.figuresTotal,
      list: casesRun.list,
      figures: casesRun.figures,
      lean: casesRun.lean,
      sql: casesRun.sql,
      byFilter: casesRun.byFilter,
      spread: casesRun.spread,
      tolerance: FLAT_TOLERANCE,
      flat: casesRun.spread.members <= FLAT_TOLERANCE && casesRun.spread.cases <= FLAT_TOLERANCE,
      profiles: profileDir
        ? ['gateway', 'cases', 'members'].flatMap((service) => profileFiles(profileDir, service).map((file) => ({ service, file, summary: summariseProfile(file, 10) })))
        : undefined,
      serviceLogs,
    };
    log(formatCasesReport(result));
    log(`JSON: ${path.relative(process.cwd(), writeJson(result, __dirname, 'last-run-cases.json')) || 'last-run-cases.json'}`);
    for (const t of [casesRun.list, casesRun.figures]) {
      const total = t.requests + t.errors;
      if (total === 0 || t.errors / total > MAX_ERROR_RATE) {
        console.error(`\n${t.name}: ${t.errors} of ${total} requests failed; the numbers above are not valid.`);
        code = 1;
      }
    }
  }
  if (benefitsRun && benefitsDataset) {
    const result: BenefitsBenchResult = {
      startedAt: startedAt.toISOString(),
      dataset: benefitsDataset,
      settings: {
        seconds: settings.benefitsSeconds,
        sliceSeconds: settings.sliceSeconds,
        saturationSeconds: settings.saturationSeconds,
        saturationSteps: settings.saturationSteps,
        warmupSeconds: settings.warmupSeconds,
        sqlRequests: settings.sqlRequests,
        redeemConcurrency: settings.redeemConcurrency,
        probeAttempts: settings.probeAttempts,
        probeEveryMs: settings.probeEveryMs,
        nodeEnv: settings.nodeEnv,
        cpus: os.cpus().length,
        node: process.version,
      },
      queries: { eligibility: CHECK_ELIGIBILITY, voucher: CHECK_VOUCHER, redeem: REDEEM },
      callers: benefitsRun.callers,
      checks: benefitsRun.checks,
      vchecks: benefitsRun.vchecks,
      byHash: benefitsRun.byHash,
      oneStatement: benefitsRun.oneStatement,
      redemption: benefitsRun.redemption,
      sql: benefitsRun.sql,
      targets: { checksPerSecond: CHECKS_PER_SECOND_TARGET, p99Ms: CHECK_P99_TARGET_MS },
      profiles: profileDir
        ? ['gateway', 'benefits', 'members'].flatMap((service) => profileFiles(profileDir, service).map((file) => ({ service, file, summary: summariseProfile(file, 12) })))
        : undefined,
      serviceLogs,
    };
    log(formatBenefitsReport(result));
    log(formatOneStatement(benefitsRun.oneStatement));
    log(formatByHash(benefitsRun.byHash));
    log(formatFactsFeed(factsFeed));
    log(`JSON: ${path.relative(process.cwd(), writeJson(result, __dirname, 'last-run-benefits.json')) || 'last-run-benefits.json'}`);
    for (const t of [benefitsRun.checks, benefitsRun.vchecks, benefitsRun.redemption]) {
      const total = t.requests + t.errors;
      if (total === 0 || t.errors / total > MAX_ERROR_RATE) {
        console.error(`\nbenefits: ${t.errors} of ${total} requests failed; the numbers above are not valid.`);
        code = 1;
      }
    }
    const r = benefitsRun.redemption;
    const once = r.audit.doubleRedemptions === 0 && r.audit.redeemedVouchers === r.audit.redemptionRows && r.audit.orphans === 0;
    const probesOk = (r.probe.successesPerVoucher['1'] ?? 0) === r.probe.vouchers && r.probe.idempotentReplays.same === r.probe.idempotentReplays.tried;
    if (!once || !probesOk || r.audit.thisRun !== r.successesSeen) {
      console.error('\nbenefits: a voucher was redeemed other than exactly once, or the database disagrees with the answers (see above).');
      code = 1;
    }
  }
  log(`\nTotal run time ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s`);
  return code;
}

main()
  .then(
    (code) => (process.exitCode = code),
    (err) => {
      // Interrupted: the signal handler reports and exits; the errors that follow are its doing.
      if (interrupted.signal.aborted) return;
      const message = err instanceof BenchError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
      // A refused connection usually means a service died; say which and why, not only where it hurt.
      console.error(`\nbench failed: ${message}${message.includes('A service stopped') ? '' : deadServices()}`);
      process.exitCode = 1;
    },
  )
  .finally(() => cleanup());

/**
 * The cases half of `npm run bench`: a district's case list and its yearly figures,
 * through the gateway, as staff of the district, over the 500,000-case dataset.
 *
 * For each query: find the saturation throughput (closed loop, rising concurrency, until
 * the rate stops growing), then offer half of it as a fixed arrival rate (open loop) and
 * report the latency every request saw from its scheduled start. Then count SQL
 * statements per request in each subgraph, for several page sizes.
 */
import type { CpuSnapshot } from './cpu';
import { CpuTotals, cpuSnapshot } from './cpu';
import { BenchError, type District } from './dataset';
import { createMixTarget, runOpenLoop, runSlice, sendOnce, TargetTotals, type JsonAnswer, type SliceResult, type Target } from './load';
import { setLean, subgraphCounters, type ServiceProcess } from './procs';
import type { CasesTargetResult, FilterLatency, LeanSlices, SaturationStep, SqlPerRequest } from './report';
import { ratePerSecond, round, summarise } from './stats';

export const LIST_QUERY =
  'query ($filter: CaseFilter!, $first: Int!) { cases(filter: $filter, first: $first) { edges { node { id number kind state raisedAt dueAt member { name } raisedOrg { name } handlingOrg { name } } } pageInfo { endCursor hasNextPage } } }';

export const FIGURES_QUERY =
  'query ($orgId: ID!, $from: String!, $to: String!) { caseFigures(orgId: $orgId, from: $from, to: $to) { total byState { state count } resolved declined resolutionRate closureRate onTimeRate rated satisfactionRate supervised overdue topKinds { kind count } } }';

/** The year the figures cover: the dataset ends in November 2026. */
export const FIGURES_PERIOD = { from: '2026-01', to: '2026-12' };

/**
 * What district staff open the list with, in turn: everything, by state, by kind, both,
 * and what is overdue. Unfiltered is the most common view, so it comes twice.
 */
export const LIST_FILTERS: readonly Record<string, unknown>[] = [
  {},
  { state: 'IN_PROGRESS' },
  { kind: 'COLLECTIVE_BARGAINING' },
  {},
  { state: 'CLOSED', kind: 'MICRO_WISH' },
  { overdue: true },
  { state: 'REGISTERED' },
];

export const LIST_PAGE_SIZE = 50;
export const SQL_PAGE_SIZES = [1, 10, 50];

/** Latency targets at half of saturation load (p99, ms). */
export const LIST_P99_TARGET_MS = 50;
export const FIGURES_P99_TARGET_MS = 200;

export interface CasesBenchSettings {
  /** Seconds of the open-loop run per query. */
  seconds: number;
  /** Seconds per concurrency step while looking for saturation. */
  saturationSeconds: number;
  /** Concurrency steps tried, in order, while looking for saturation. */
  saturationSteps: number[];
  warmupSeconds: number;
  /** Share of the saturation rate offered in the open loop. */
  loadShare: number;
  sqlRequests: number;
  /** Seconds per slice of the lean comparison, and rounds of it (each round: off, then on). */
  leanSliceSeconds: number;
  leanRounds: number;
}

export interface CasesBenchContext {
  district: District;
  clientToken: string;
  gateway: ServiceProcess;
  members: ServiceProcess;
  cases: ServiceProcess;
  /** Every subgraph: the lean cuts are switched on all of them at once. */
  subgraphs: ServiceProcess[];
  databasePid?: number;
  settings: CasesBenchSettings;
  stop: AbortSignal;
  log(message: string): void;
}

type Page = { data?: { cases?: { edges?: { node?: { id?: string; member?: { name?: string } | null; raisedOrg?: { name?: string }; handlingOrg?: { name?: string } } }[] } }; errors?: unknown };

/** Every node must carry its orgs' names, and named members their name: the federated fetches worked. */
function checkList(label: string, answer: JsonAnswer, atLeast: number): number {
  const page = answer.json as Page | undefined;
  const edges = page?.data?.cases?.edges;
  const complete =
    answer.status === 200 &&
    !page?.errors &&
    !!edges &&
    edges.length >= atLeast &&
    edges.every((e) => e.node?.id && e.node.raisedOrg?.name && e.node.handlingOrg?.name && (e.node.member === null || !!e.node.member?.name));
  if (!complete) throw new BenchError(`${label}: expected at least ${atLeast} cases with org and member names, got HTTP ${answer.status}:\n    ${answer.text.slice(0, 600)}`);
  return edges!.length;
}

type Figures = { data?: { caseFigures?: { total?: number; byState?: { count: number }[] } | null }; errors?: { message?: string }[] };

function checkFigures(answer: JsonAnswer): number {
  const body = answer.json as Figures | undefined;
  const f = body?.data?.caseFigures;
  if (answer.status !== 200 || body?.errors || !f || !(f.total! > 0) || f.byState?.reduce((n, s) => n + s.count, 0) !== f.total) {
    throw new BenchError(`caseFigures: expected the district's figures with states adding up to the total, got HTTP ${answer.status}:\n    ${answer.text.slice(0, 600)}`);
  }
  return f.total!;
}

/** Statements per request in each subgraph, sequential so nothing else moves the counters. */
async function sqlPerRequest(ctx: CasesBenchContext, target: Target, label: string, body: unknown, requests: number, check: (a: JsonAnswer) => unknown): Promise<SqlPerRequest> {
  // Unmeasured first call: checks the answer and refreshes the gateway's scope cache, whose
  // expiry would otherwise add a lookup statement to the measured window.
  check(await sendOnce(target, body));
  const before = await Promise.all([subgraphCounters(ctx.members), subgraphCounters(ctx.cases)]);
  for (let i = 0; i < requests; i++) {
    const answer = await sendOnce(target, body);
    if (answer.status !== 200 || answer.text.includes('"errors":')) throw new BenchError(`${label}: request failed with HTTP ${answer.status}: ${answer.text.slice(0, 400)}`);
  }
  const after = await Promise.all([subgraphCounters(ctx.members), subgraphCounters(ctx.cases)]);
  const per = (i: number, key: 'statements' | 'requests') => round((after[i][key] - before[i][key]) / requests, 3);
  return { label, requests, members: per(0, 'statements'), cases: per(1, 'statements'), membersRequests: per(0, 'requests'), casesRequests: per(1, 'requests') };
}

const line = (s: SliceResult): string => {
  const l = summarise(s.latenciesMs);
  return `${ratePerSecond(s.ok, s.elapsedNs).toFixed(0).padStart(6)} req/s  p50 ${l.p50Ms.toFixed(1).padStart(6)} ms  p99 ${l.p99Ms.toFixed(1).padStart(6)} ms${s.errors ? `  ${s.errors} errors` : ''}`;
};

/** Closed loop at rising concurrency until throughput stops growing; the best rate seen is saturation. */
async function findSaturation(ctx: CasesBenchContext, target: Target): Promise<{ rps: number; concurrency: number; steps: SaturationStep[] }> {
  const steps: SaturationStep[] = [];
  let best = { rps: 0, concurrency: 0 };
  let flat = 0;
  for (const concurrency of ctx.settings.saturationSteps) {
    const s = await runSlice(target, concurrency, ctx.settings.saturationSeconds * 1000, ctx.stop);
    ctx.stop.throwIfAborted();
    const rps = ratePerSecond(s.ok, s.elapsedNs);
    const l = summarise(s.latenciesMs);
    steps.push({ concurrency, rps: round(rps, 1), p50Ms: round(l.p50Ms, 2), p99Ms: round(l.p99Ms, 2), errors: s.errors });
    ctx.log(`    concurrency ${String(concurrency).padStart(3)}: ${line(s)}`);
    if (s.errors > s.ok / 100) throw new BenchError(`${target.name}: ${s.errors} of ${s.ok + s.errors} requests failed at concurrency ${concurrency}; first: ${s.firstError}`);
    // A plateau: two steps in a row that add less than 5%.
    if (rps > best.rps * 1.05) flat = 0;
    else flat++;
    if (rps > best.rps) best = { rps, concurrency };
    if (flat >= 2) break;
  }
  return { ...best, steps };
}

async function measureTarget(ctx: CasesBenchContext, target: Target, name: string, description: string, p99TargetMs: number): Promise<CasesTargetResult> {
  const { settings } = ctx;
  const warmupConcurrency = Math.max(...settings.saturationSteps.slice(0, 3));
  if (settings.warmupSeconds > 0) {
    ctx.log(`  warm-up ${settings.warmupSeconds} s at concurrency ${warmupConcurrency}: ${line(await runSlice(target, warmupConcurrency, settings.warmupSeconds * 1000, ctx.stop))}`);
  }
  ctx.log(`  saturation: closed loop, ${settings.saturationSeconds} s per step`);
  const saturation = await findSaturation(ctx, target);
  const rate = saturation.rps * settings.loadShare;
  ctx.log(`  open loop at ${rate.toFixed(1)} req/s (${Math.round(settings.loadShare * 100)}% of ${saturation.rps.toFixed(1)}) for ${settings.seconds} s…`);
  const snapshot = (): CpuSnapshot => cpuSnapshot({ members: ctx.members.pid, gateway: ctx.gateway.pid, cases: ctx.cases.pid, database: ctx.databasePid });
  const cpu = new CpuTotals();
  const before = snapshot();
  const run = await runOpenLoop(target, rate, settings.seconds * 1000, ctx.stop);
  cpu.add(before, snapshot());
  ctx.stop.throwIfAborted();
  ctx.log(`    ${line(run)}`);
  const worst = run.worstPerSecondMs.map((ms, second) => ({ second, ms: round(ms ?? 0, 1) })).sort((a, b) => b.ms - a.ms);
  const totals = new TargetTotals();
  totals.add(run);
  const latency = summarise(totals.latenciesMs);
  const perRequest = (cpuSeconds: number) => round((cpuSeconds * 1000) / Math.max(1, run.ok), 3);
  const used = cpu.used;
  return {
    name,
    description,
    saturation: { rps: round(saturation.rps, 1), concurrency: saturation.concurrency, steps: saturation.steps },
    offeredRps: round(rate, 1),
    achievedRps: round(ratePerSecond(run.ok, run.elapsedNs), 1),
    requests: run.ok,
    errors: run.errors,
    shed: run.shed,
    firstError: run.firstError,
    seconds: round(Number(run.elapsedNs) / 1e9, 2),
    latency: { count: latency.count, meanMs: round(latency.meanMs, 3), p50Ms: round(latency.p50Ms, 3), p90Ms: round(latency.p90Ms, 3), p99Ms: round(latency.p99Ms, 3), maxMs: round(latency.maxMs, 3) },
    p99TargetMs,
    pass: run.errors === 0 && latency.p99Ms <= p99TargetMs,
    cpuMsPerRequest: {
      gateway: perRequest(used.gateway),
      members: perRequest(used.members),
      cases: perRequest(used.cases),
      database: perRequest(used.database),
      loadGenerator: perRequest(used.loadGenerator),
      other: perRequest(Math.max(0, used.machine - used.gateway - used.members - used.cases - used.database - used.loadGenerator)),
    },
    coresBusy: round(Number(run.elapsedNs) > 0 ? used.machine / (Number(run.elapsedNs) / 1e9) : 0, 2),
    worstSeconds: worst.slice(0, 5),
    secondsOver: run.worstPerSecondMs.filter((ms) => ms > p99TargetMs).length,
  };
}

/** Below the list's saturation on this machine, so both halves get the same offered work. */
const LEAN_CONCURRENCY = 8;

/**
 * The same list, closed loop, in slices alternating lean off and on (packages/subgraph/src/lean.ts),
 * on the same processes: CPU per request per process for each half. Closed loop, not the open
 * loop above: what is compared is the CPU one request costs, not latency at a given rate.
 */
async function compareLean(ctx: CasesBenchContext, target: Target): Promise<LeanSlices> {
  const snapshot = (): CpuSnapshot => cpuSnapshot({ members: ctx.members.pid, gateway: ctx.gateway.pid, cases: ctx.cases.pid, database: ctx.databasePid });
  const halves = { off: { totals: new TargetTotals(), cpu: new CpuTotals() }, on: { totals: new TargetTotals(), cpu: new CpuTotals() } };
  try {
    for (let i = 0; i < ctx.settings.leanRounds; i++) {
      for (const on of [false, true]) {
        await setLean(ctx.subgraphs, on);
        const half = on ? halves.on : halves.off;
        const before = snapshot();
        const s = await runSlice(target, LEAN_CONCURRENCY, ctx.settings.leanSliceSeconds * 1000, ctx.stop);
        half.cpu.add(before, snapshot());
        ctx.stop.throwIfAborted();
        half.totals.add(s);
        ctx.log(`    ${i + 1}/${ctx.settings.leanRounds} lean ${on ? 'on ' : 'off'}: ${line(s)}`);
      }
    }
  } finally {
    await setLean(ctx.subgraphs, true);
  }
  const result = (half: typeof halves.on) => {
    const per = (cpuSeconds: number) => round((cpuSeconds * 1000) / Math.max(1, half.totals.ok), 3);
    const used = half.cpu.used;
    return {
      rps: round(ratePerSecond(half.totals.ok, half.totals.elapsedNs), 1),
      p99Ms: round(summarise(half.totals.latenciesMs).p99Ms, 2),
      requests: half.totals.ok,
      errors: half.totals.errors,
      cpuMsPerRequest: { gateway: per(used.gateway), members: per(used.members), cases: per(used.cases), database: per(used.database) },
    };
  };
  return { concurrency: LEAN_CONCURRENCY, off: result(halves.off), on: result(halves.on) };
}

/** Runs the whole cases measurement against services that are already up. */
export async function measureCases(ctx: CasesBenchContext) {
  const { district, clientToken, gateway } = ctx;
  const headers = { authorization: `Bearer ${clientToken}` };
  const listBodies = LIST_FILTERS.map((f) => ({ query: LIST_QUERY, variables: { filter: { orgId: district.id, ...f }, first: LIST_PAGE_SIZE } }));
  const figuresBody = { query: FIGURES_QUERY, variables: { orgId: district.id, ...FIGURES_PERIOD } };
  // Enough connections for the highest closed-loop step; the open loop queues beyond them, and that wait counts.
  const connections = Math.max(...ctx.settings.saturationSteps);
  const list = createMixTarget('case list', `${gateway.origin}/graphql`, headers, listBodies, connections);
  const figures = createMixTarget('case figures', `${gateway.origin}/graphql`, headers, [figuresBody], connections);
  try {
    // Check every body once: a wrong answer measured fast is no measurement.
    const pageSizes: number[] = [];
    for (const [i, body] of listBodies.entries()) {
      pageSizes.push(checkList(`cases(${JSON.stringify(LIST_FILTERS[i])})`, await sendOnce(list, body), Object.keys(LIST_FILTERS[i]).length === 0 ? LIST_PAGE_SIZE : 1));
    }
    const total = checkFigures(await sendOnce(figures));
    ctx.log(`  verified: list pages of ${pageSizes.join(', ')} cases with member and org names; ${total.toLocaleString('en-US')} cases raised in ${district.name} in ${FIGURES_PERIOD.from}..${FIGURES_PERIOD.to}`);

    ctx.log(`(a) the district's case list, ${LIST_FILTERS.length} filters in turn, first: ${LIST_PAGE_SIZE}`);
    const listResult = await measureTarget(ctx, list, 'list', `cases(filter: {orgId, …}, first: ${LIST_PAGE_SIZE})`, LIST_P99_TARGET_MS);
    ctx.log(`(b) the district's figures for ${FIGURES_PERIOD.from}..${FIGURES_PERIOD.to}`);
    const figuresResult = await measureTarget(ctx, figures, 'figures', `caseFigures(orgId, from: "${FIGURES_PERIOD.from}", to: "${FIGURES_PERIOD.to}")`, FIGURES_P99_TARGET_MS);

    ctx.log(`(c) the list with the subgraphs' lean cuts off and on: ${ctx.settings.leanRounds} rounds of ${ctx.settings.leanSliceSeconds} s slices each, closed loop at concurrency ${LEAN_CONCURRENCY}`);
    const lean = await compareLean(ctx, list);

    // Which filter costs what, one request at a time (no queueing): where a slow tail comes from.
    ctx.log(`Timing each list filter alone (${ctx.settings.sqlRequests} sequential requests each)…`);
    const byFilter: FilterLatency[] = [];
    for (const [i, body] of listBodies.entries()) {
      if (LIST_FILTERS.findIndex((f) => JSON.stringify(f) === JSON.stringify(LIST_FILTERS[i])) !== i) continue;
      const s = await runSlice(createMixTarget('filter', `${gateway.origin}/graphql`, headers, [body], 1), 1, 0, ctx.stop, ctx.settings.sqlRequests);
      const l = summarise(s.latenciesMs);
      byFilter.push({ filter: LIST_FILTERS[i], p50Ms: round(l.p50Ms, 2), p99Ms: round(l.p99Ms, 2), maxMs: round(l.maxMs, 2) });
    }

    ctx.log(`Counting SQL statements per request (${ctx.settings.sqlRequests} sequential requests each)…`);
    const sql: SqlPerRequest[] = [];
    for (const first of SQL_PAGE_SIZES) {
      const body = { query: LIST_QUERY, variables: { filter: { orgId: district.id }, first } };
      sql.push(await sqlPerRequest(ctx, list, `list, first: ${first}`, body, ctx.settings.sqlRequests, (a) => checkList(`cases(first: ${first})`, a, first)));
    }
    const overdue = { query: LIST_QUERY, variables: { filter: { orgId: district.id, overdue: true }, first: LIST_PAGE_SIZE } };
    sql.push(await sqlPerRequest(ctx, list, `list, overdue, first: ${LIST_PAGE_SIZE}`, overdue, ctx.settings.sqlRequests, (a) => checkList('cases(overdue)', a, 1)));
    sql.push(await sqlPerRequest(ctx, figures, 'figures', figuresBody, ctx.settings.sqlRequests, checkFigures));
    const pages = sql.slice(0, SQL_PAGE_SIZES.length);
    const spread = (key: 'members' | 'cases') => round(Math.max(...pages.map((p) => p[key])) - Math.min(...pages.map((p) => p[key])), 3);
    return { list: listResult, figures: figuresResult, lean, sql, byFilter, spread: { members: spread('members'), cases: spread('cases') }, figuresTotal: total };
  } finally {
    await Promise.all([list.pool.destroy(), figures.pool.destroy()]);
  }
}

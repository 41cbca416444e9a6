import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInfo, District } from './dataset';
import type { LatencySummary } from './stats';

/** The throughput target: the gateway path must sustain at least half the direct subgraph's RPS. */
export const RATIO_TARGET = 0.5;
/** Statements/request may differ by at most this much between page sizes to count as flat (no N+1). */
export const FLAT_TOLERANCE = 0.5;

/** One target's measured numbers. */
export interface TargetResult {
  name: string;
  description: string;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  rps: number;
  latency: LatencySummary;
  /** CPU used during this target's slices, from /proc: per successful request, and as busy cores. */
  cpu: {
    /** database is 0 when MariaDB is not a local process this bench can see. */
    msPerRequest: { members: number; gateway: number; database: number; loadGenerator: number; other: number };
    /** machine: every process on the box (the above plus anything else running, e.g. other builds). */
    cores: { members: number; gateway: number; database: number; loadGenerator: number; machine: number };
  };
}

/** SQL cost of one page size through the gateway, from the members subgraph's /metrics counters. */
export interface SqlResult {
  first: number;
  requests: number;
  statementsPerRequest: number;
  subgraphRequestsPerRequest: number;
}

/** Everything one run measured; also written as JSON. */
export interface BenchResult {
  startedAt: string;
  durationSeconds: number;
  settings: {
    concurrency: number;
    secondsPerTarget: number;
    sliceSeconds: number;
    warmupSeconds: number;
    sqlRequestsPerPageSize: number;
    nodeEnv: string;
    cpus: number;
    node: string;
  };
  dataset: DatasetInfo;
  district: District;
  query: string;
  targets: { direct: TargetResult; gateway: TargetResult };
  ratio: { value: number; target: number; pass: boolean };
  gatewayRssMiB: { afterStart?: number; max: number; final?: number; samples: number };
  sql: { pageSizes: SqlResult[]; spread: number; tolerance: number; flat: boolean };
  profile?: { dir: string; files: string[] };
  serviceLogs: { service: string; lines: number; tail: string[] }[];
}

const n = (v: number | undefined, digits = 2): string => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const int = (v: number): string => v.toLocaleString('en-US');
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

/** Renders rows as left-aligned first column and right-aligned others. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The human-readable report printed at the end of a run. */
export function formatReport(r: BenchResult): string {
  const { direct, gateway } = r.targets;
  const s = r.settings;
  const out: string[] = [];
  out.push('');
  out.push('=== Lianxin bench: members(first: 50) with org names, as district staff ===');
  out.push(
    `Dataset   ${r.dataset.database}: ${int(r.dataset.members)} members, ${int(r.dataset.orgs)} orgs ` +
      (r.dataset.seededThisRun ? `(seeded this run in ${n(r.dataset.seedSeconds, 1)} s)` : '(reused from an earlier run)'),
  );
  out.push(`Caller    staff of ${r.district.name} (${r.district.code}), ${int(r.district.members)} members in scope`);
  out.push(
    `Load      closed loop, concurrency ${s.concurrency}, ${s.warmupSeconds} s warm-up per target, then ` +
      `${s.sliceSeconds} s slices interleaved a,b,a,b… for ${s.secondsPerTarget} s per target; NODE_ENV=${s.nodeEnv}, ${s.cpus} CPUs, Node ${s.node}`,
  );
  out.push('');
  out.push(
    table(
      ['target', 'requests', 'errors', 'RPS', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [direct, gateway].map((t) => [
        `${t.name === 'direct' ? '(a)' : '(b)'} ${t.description}`,
        int(t.requests),
        int(t.errors),
        n(t.rps, 1),
        n(t.latency.p50Ms),
        n(t.latency.p90Ms),
        n(t.latency.p99Ms),
        n(t.latency.maxMs),
      ]),
    ),
  );
  for (const t of [direct, gateway]) if (t.firstError) out.push(`  first error (${t.name}): ${t.firstError}`);
  out.push('');
  out.push(`CPU per request (ms) during each target's slices, from /proc:`);
  out.push(
    table(
      ['target', 'members', 'gateway', 'MariaDB', 'load gen', 'other', `cores busy (of ${s.cpus})`],
      [direct, gateway].map((t) => [
        `${t.name === 'direct' ? '(a)' : '(b)'} ${t.description}`,
        n(t.cpu.msPerRequest.members),
        n(t.cpu.msPerRequest.gateway),
        n(t.cpu.msPerRequest.database),
        n(t.cpu.msPerRequest.loadGenerator),
        n(t.cpu.msPerRequest.other),
        n(t.cpu.cores.machine),
      ]),
    ),
  );
  out.push('  ("other" and cores busy include every process on the machine, also work unrelated to the bench)');
  out.push('');
  out.push(`RPS ratio (b)/(a): ${n(r.ratio.value)}  target >= ${n(r.ratio.target)}  ${verdict(r.ratio.pass)}`);
  const rss = r.gatewayRssMiB;
  out.push(`Gateway RSS: ${n(rss.afterStart, 1)} MiB after start, max ${n(rss.max, 1)} MiB during (b) slices, final ${n(rss.final, 1)} MiB (${rss.samples} samples)`);
  out.push('');
  out.push(`SQL statements per request through the gateway (${s.sqlRequestsPerPageSize} sequential requests per page size):`);
  out.push(
    table(
      ['first', 'statements/request', 'subgraph requests/request'],
      r.sql.pageSizes.map((p) => [String(p.first), n(p.statementsPerRequest), n(p.subgraphRequestsPerRequest)]),
    ),
  );
  out.push(`Flat across page sizes: spread ${n(r.sql.spread)} (<= ${n(r.sql.tolerance)})  ${verdict(r.sql.flat)}`);
  if (r.profile) {
    out.push('');
    out.push(`Gateway CPU profile: ${r.profile.files.length ? r.profile.files.join(', ') : `none written to ${r.profile.dir}`}`);
    if (r.profile.files.length) out.push('  (open in Chrome DevTools > Performance, or https://www.speedscope.app)');
  }
  for (const log of r.serviceLogs) {
    if (!log.lines) continue;
    out.push('');
    out.push(`${log.service} wrote ${log.lines} log line(s) at warn or above; the last ones:`);
    for (const line of log.tail.slice(-5)) out.push(`    ${line}`);
  }
  out.push('');
  out.push(`Total run time ${n(r.durationSeconds, 1)} s`);
  return out.join('\n');
}

/** Writes the result next to the compiled bench (test/dist/bench/last-run.json); returns the path. */
export function writeJson(r: BenchResult, dir: string): string {
  const file = path.join(dir, 'last-run.json');
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}

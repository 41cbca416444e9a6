import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * The gateway and the subgraph run as separate child processes, as in production, so
 * their CPU and memory are their own (and the gateway's RSS can be read from /proc)
 * rather than mixed with the load generator's.
 */

export { freePort } from '../harness/process';

/** A started service process. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Last lines the process wrote (stdout and stderr), for error messages and the report. */
  logTail(): string[];
  /** How many lines it wrote in total; with LOG_LEVEL=warn each one is a warning or worse. */
  logLines(): number;
  /** Exit code (or signal name) once it has exited; undefined while running. */
  exitStatus(): string | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
  cwd: string;
}

const running = new Set<ChildProcess>();

// Last resort if the bench dies without running its cleanup: never leave servers behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns `node <nodeArgs> <script>` with the given environment (on top of ours). */
export function startService(opts: StartOptions): ServiceProcess {
  if (!fs.existsSync(opts.script)) {
    throw new Error(`${opts.script} does not exist: build first (npx turbo run build --filter=@lianxin/test...)`);
  }
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script], {
    cwd: opts.cwd,
    // The bench reads the subgraphs' /metrics from this machine, as a Prometheus host would.
    env: { PROBE_ALLOW: '127.0.0.1', ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const tail: string[] = [];
  let lines = 0;
  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? String(code);
      running.delete(child);
      resolve();
    });
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines++;
      tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let stopping: Promise<void> | undefined;

  return {
    name: opts.name,
    pid: child.pid!,
    port: opts.port,
    origin: `http://127.0.0.1:${opts.port}`,
    logTail: () => [...tail],
    logLines: () => lines,
    exitStatus: () => status,
    stop: (graceMs = 10_000) =>
      (stopping ??= (async () => {
        if (status !== undefined) return;
        // SIGTERM lets the service drain and exit normally, which is also when Node writes a --cpu-prof profile.
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

/** Polls GET <origin><path> until it answers 200; fails early, with the log tail, if the process exits. */
export async function waitForHealth(service: ServiceProcess, timeoutMs = 30_000, path = '/health'): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < until) {
    const status = service.exitStatus();
    if (status !== undefined) {
      throw new Error(`${service.name} exited (${status}) before it was healthy. Its last output:\n${indent(service.logTail())}`);
    }
    try {
      const res = await fetch(`${service.origin}${path}`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service.name} was not healthy after ${timeoutMs / 1000}s (${lastError}). Its last output:\n${indent(service.logTail())}`);
}

/** Resident set size of a process in MiB, from /proc (Linux); undefined if unavailable. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS on a timer while enabled; keeps the maximum and the latest value. */
export class RssSampler {
  max = 0;
  last: number | undefined;
  samples = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number, private readonly intervalMs = 250) {}

  sample(): number | undefined {
    const value = rssMiB(this.pid);
    if (value !== undefined) {
      this.last = value;
      this.max = Math.max(this.max, value);
      this.samples++;
    }
    return value;
  }

  start(): void {
    this.sample();
    this.timer ??= setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }
}

/** Indents log lines for inclusion in an error message. */
export function indent(lines: string[]): string {
  return lines.length ? lines.map((l) => `    ${l}`).join('\n') : '    (nothing)';
}

/** A subgraph's counters from its /metrics: SQL statements sent and GraphQL requests served, since it started. */
export async function subgraphCounters(service: ServiceProcess): Promise<{ statements: number; requests: number }> {
  const text = await (await fetch(`${service.origin}/metrics`)).text();
  const read = (name: string): number => {
    const m = new RegExp(`^${name}\\{[^}]*\\} (\\d+)$`, 'm').exec(text);
    if (!m) throw new Error(`${service.name} /metrics has no ${name}:\n${text}`);
    return Number(m[1]);
  };
  return { statements: read('lianxin_sql_statements_total'), requests: read('lianxin_graphql_requests_total') };
}

/**
 * Switches the subgraphs' lean cuts (packages/subgraph/src/lean.ts) on or off between
 * slices, so before and after are measured on the same processes, caches and data.
 */
export async function setLean(services: readonly ServiceProcess[], on: boolean): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      const res = await fetch(`${service.origin}/bench/lean/${on ? 'on' : 'off'}`, { method: 'POST' });
      const body = (await res.json().catch(() => undefined)) as { lean?: boolean } | undefined;
      if (!res.ok || body?.lean !== on) throw new Error(`${service.name} did not switch its lean cuts ${on ? 'on' : 'off'} (HTTP ${res.status})`);
    }),
  );
}

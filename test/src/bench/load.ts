import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/**
 * A small HTTP load generator, two ways:
 * - closed loop (runSlice): `concurrency` workers each send one request, wait for the
 *   whole answer, and send the next. It measures the throughput the system sustains at
 *   that concurrency (saturation), and never queues inside the generator;
 * - open loop (runOpenLoop): requests start on a fixed schedule whatever the answers do,
 *   as independent users would send them, and latency counts from the scheduled start, so
 *   a stall shows in every request it delays (no coordinated omission). This is how
 *   latency at a given load is measured.
 */

/** One endpoint under test: a fixed GraphQL POST sent over a keep-alive pool. */
export interface Target {
  /** Short label used in the report ("direct", "gateway"). */
  readonly name: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** The first body: what sendOnce() sends by default. */
  readonly body: string;
  /** Bodies sent in turn under load (a mix of filters, say); just `body` for most targets. */
  readonly bodies: readonly string[];
  /** Headers per body, on top of `headers`: many callers (partners with their own keys) through one target. */
  readonly bodyHeaders?: readonly Readonly<Record<string, string>>[];
  /**
   * Where the next request's body is taken from, kept across runs: every run (warm-up,
   * each saturation step, the fixed-rate run) goes on with bodies not sent yet instead of
   * starting over, so no run finds answers cached by the one before. Without it each run
   * starts at the first body.
   */
  readonly cursor?: { next: number };
  readonly pool: Pool;
}

/** Creates a target with a keep-alive pool sized so every worker has its own connection. */
export function createTarget(name: string, url: string, headers: Record<string, string>, body: unknown, connections: number): Target {
  return createMixTarget(name, url, headers, [body], connections);
}

/** A target that sends `bodies` in turn, one per request. */
export function createMixTarget(name: string, url: string, headers: Record<string, string>, bodies: readonly unknown[], connections: number): Target {
  if (bodies.length === 0) throw new Error(`${name}: a target needs at least one body`);
  const parsed = new URL(url);
  const texts = bodies.map((b) => JSON.stringify(b));
  return {
    name,
    url: parsed,
    headers: { 'content-type': 'application/json', ...headers },
    body: texts[0],
    bodies: texts,
    // One connection per worker and no pipelining: each worker behaves like a client with its own socket.
    pool: new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 120_000 }),
  };
}

/** A target whose requests come from many callers: each body is sent with its own extra headers (an API key, a token). */
export function createCallerMixTarget(name: string, url: string, requests: readonly { headers: Record<string, string>; body: unknown }[], connections: number): Target {
  const base = createMixTarget(name, url, {}, requests.map((r) => r.body), connections);
  return { ...base, bodyHeaders: requests.map((r) => ({ ...base.headers, ...r.headers })), cursor: { next: 0 } };
}

/** The request options of every body of a target, in order. */
export function requestOptions(target: Target): RequestOptions[] {
  return target.bodies.map((body, i) => ({ method: 'POST' as const, path: target.url.pathname, headers: target.bodyHeaders?.[i] ?? target.headers, body }));
}

/** The parsed answer of one request, for verification outside the measured loop. */
export interface JsonAnswer {
  status: number;
  text: string;
  json: unknown;
}

/** Sends one request with this target's headers (plus `headers`) and an optional different body; parses JSON. */
export async function sendOnce(target: Target, body: unknown = undefined, headers?: Record<string, string>): Promise<JsonAnswer> {
  const res = await target.pool.request({
    method: 'POST',
    path: target.url.pathname,
    headers: headers ? { ...target.headers, ...headers } : target.headers,
    body: body === undefined ? target.body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, text, json };
}

/** What one slice of load produced. */
export interface SliceResult {
  ok: number;
  errors: number;
  /** Wall time from the first request sent to the last answer received. */
  elapsedNs: bigint;
  /** Latency of each successful request, ms. */
  latenciesMs: number[];
  /** The first failure seen, for the report; later ones are only counted. */
  firstError?: string;
}

/** Pause after a failed request: a refused connection fails at once, and a loop of instant failures would flood the counts. */
const ERROR_BACKOFF_MS = 10;

/**
 * Runs `concurrency` closed-loop workers against the target for `durationMs` (or, given
 * `maxRequests`, until that many were sent, whatever the time). Workers
 * stop starting new requests at the deadline (or when `stop` is aborted) and the slice
 * ends when the last in-flight answer arrives, so every recorded request ran entirely
 * inside the slice and the next slice (perhaps for the other target) starts on an idle
 * system.
 */
export async function runSlice(target: Target, concurrency: number, durationMs: number, stop?: AbortSignal, maxRequests = Infinity): Promise<SliceResult> {
  const result: SliceResult = { ok: 0, errors: 0, elapsedNs: 0n, latenciesMs: [] };
  const options = requestOptions(target);
  let sent = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(durationMs * 1e6));

  const worker = async (): Promise<void> => {
    while ((maxRequests === Infinity ? process.hrtime.bigint() < deadline : sent < maxRequests) && !stop?.aborted) {
      const t0 = process.hrtime.bigint();
      const i = target.cursor ? target.cursor.next++ : sent;
      sent++;
      if ((await send(target, options[i % options.length], t0, result)) === undefined) {
        // A timer, not just an await: a promise that rejects at once would otherwise keep the
        // loop in the microtask queue and starve timers, I/O and signal handlers.
        await sleep(ERROR_BACKOFF_MS);
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedNs = process.hrtime.bigint() - start;
  return result;
}

export type RequestOptions = { method: 'POST'; path: string; headers: Readonly<Record<string, string>>; body: string };

/**
 * One request, its latency counted from `since` (the send time, or the scheduled start
 * in an open loop) to the last byte of the answer. Returns the latency, or undefined when
 * it failed.
 */
export async function send(target: Target, options: RequestOptions, since: bigint, result: SliceResult): Promise<number | undefined> {
  try {
    const res = await target.pool.request(options);
    // The body must be read in full: it is part of the latency a client sees, and an
    // unread body keeps the connection busy.
    const text = await res.body.text();
    const t1 = process.hrtime.bigint();
    // A GraphQL error can come with status 200; the payload has no "errors" key otherwise.
    if (res.statusCode === 200 && !text.includes('"errors":')) {
      const ms = Number(t1 - since) / 1e6;
      result.ok++;
      result.latenciesMs.push(ms);
      return ms;
    }
    result.errors++;
    result.firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
  } catch (err) {
    result.errors++;
    result.firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  return undefined;
}

/** What an open-loop run produced. */
export interface OpenLoopResult extends SliceResult {
  /** The offered rate, requests per second. */
  rate: number;
  /** Worst latency of the requests scheduled in each second of the run, ms: where a tail comes from (a stall, or spread out). */
  worstPerSecondMs: number[];
  /** Requests the schedule called for. */
  scheduled: number;
  /** Scheduled requests not sent because `maxInFlight` were outstanding already; counted in errors. */
  shed: number;
}

/**
 * Sends requests at a fixed rate for `durationMs`, whatever the answers do, and waits for
 * the last one. Latency runs from each request's scheduled start, so time a request spent
 * waiting behind a slow one (in the generator, the connection pool or the server) counts.
 * `maxInFlight` bounds the generator's memory if the system cannot keep up at all.
 */
export async function runOpenLoop(target: Target, rate: number, durationMs: number, stop?: AbortSignal, maxInFlight = 2_000): Promise<OpenLoopResult> {
  if (!(rate > 0)) throw new Error(`${target.name}: the rate must be positive`);
  const result: OpenLoopResult = { ok: 0, errors: 0, elapsedNs: 0n, latenciesMs: [], rate, scheduled: 0, shed: 0, worstPerSecondMs: [] };
  const options = requestOptions(target);
  const intervalNs = 1e9 / rate;
  const total = Math.floor((durationMs / 1000) * rate);
  const inFlight = new Set<Promise<unknown>>();
  const start = process.hrtime.bigint();
  while (result.scheduled < total && !stop?.aborted) {
    const due = start + BigInt(Math.round(result.scheduled * intervalNs));
    const now = process.hrtime.bigint();
    if (due > now) {
      // Timers fire a millisecond late at best; the late start is part of the latency measured.
      await sleep(Math.max(1, Math.floor(Number(due - now) / 1e6)));
      continue;
    }
    // Everything due by now goes out at once, each timed from its own slot.
    const i = result.scheduled++;
    if (inFlight.size >= maxInFlight) {
      result.shed++;
      result.errors++;
      result.firstError ??= `more than ${maxInFlight} requests outstanding: the system is far below the offered ${rate.toFixed(0)} req/s`;
      continue;
    }
    const second = Math.floor((i * intervalNs) / 1e9);
    const request = send(target, options[(target.cursor ? target.cursor.next++ : i) % options.length], due, result)
      .then((ms) => {
        if (ms !== undefined) result.worstPerSecondMs[second] = Math.max(result.worstPerSecondMs[second] ?? 0, ms);
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    // Behind schedule, the loop would never reach a timer: let answers in now and then.
    if (i % 32 === 31) await yieldToIo();
  }
  await Promise.all(inFlight);
  result.elapsedNs = process.hrtime.bigint() - start;
  return result;
}

/** Everything measured for one target, summed over its slices. */
export class TargetTotals {
  ok = 0;
  errors = 0;
  elapsedNs = 0n;
  slices = 0;
  readonly latenciesMs: number[] = [];
  firstError?: string;

  add(slice: SliceResult): void {
    this.ok += slice.ok;
    this.errors += slice.errors;
    this.elapsedNs += slice.elapsedNs;
    this.slices++;
    // push(...big array) can overflow the stack; a loop cannot.
    for (const v of slice.latenciesMs) this.latenciesMs.push(v);
    this.firstError ??= slice.firstError;
  }
}

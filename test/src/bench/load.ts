import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/**
 * A small closed-loop HTTP load generator: `concurrency` workers each send one request,
 * wait for the whole answer, and send the next. Closed loop (rather than a fixed arrival
 * rate) measures the throughput the system sustains at that concurrency, and it never
 * queues unboundedly inside the generator, which would inflate latencies.
 */

/** One endpoint under test: a fixed GraphQL POST sent over a keep-alive pool. */
export interface Target {
  /** Short label used in the report ("direct", "gateway"). */
  readonly name: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly pool: Pool;
}

/** Creates a target with a keep-alive pool sized so every worker has its own connection. */
export function createTarget(name: string, url: string, headers: Record<string, string>, body: unknown, connections: number): Target {
  const parsed = new URL(url);
  return {
    name,
    url: parsed,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    // One connection per worker and no pipelining: each worker behaves like a client with its own socket.
    pool: new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 120_000 }),
  };
}

/** The parsed answer of one request, for verification outside the measured loop. */
export interface JsonAnswer {
  status: number;
  text: string;
  json: unknown;
}

/** Sends one request with this target's headers and an optional different body; parses JSON. */
export async function sendOnce(target: Target, body: unknown = undefined): Promise<JsonAnswer> {
  const res = await target.pool.request({
    method: 'POST',
    path: target.url.pathname,
    headers: target.headers,
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
 * Runs `concurrency` closed-loop workers against the target for `durationMs`. Workers
 * stop starting new requests at the deadline (or when `stop` is aborted) and the slice
 * ends when the last in-flight answer arrives, so every recorded request ran entirely
 * inside the slice and the next slice (perhaps for the other target) starts on an idle
 * system.
 */
export async function runSlice(target: Target, concurrency: number, durationMs: number, stop?: AbortSignal): Promise<SliceResult> {
  const result: SliceResult = { ok: 0, errors: 0, elapsedNs: 0n, latenciesMs: [] };
  const options = { method: 'POST' as const, path: target.url.pathname, headers: target.headers, body: target.body };
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(durationMs * 1e6));

  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline && !stop?.aborted) {
      const t0 = process.hrtime.bigint();
      try {
        const res = await target.pool.request(options);
        // The body must be read in full: it is part of the latency a client sees, and an
        // unread body keeps the connection busy.
        const text = await res.body.text();
        const t1 = process.hrtime.bigint();
        // A GraphQL error can come with status 200; the payload has no "errors" key otherwise.
        if (res.statusCode === 200 && !text.includes('"errors":')) {
          result.ok++;
          result.latenciesMs.push(Number(t1 - t0) / 1e6);
        } else {
          result.errors++;
          result.firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
        }
      } catch (err) {
        result.errors++;
        result.firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
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

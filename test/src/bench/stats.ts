/**
 * Latency and throughput arithmetic for the benchmark. Kept free of I/O so the numbers
 * the report prints can be reasoned about (and unit-tested) on their own.
 */

/** Latency distribution of one target's successful requests, in milliseconds. */
export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Nearest-rank percentile of an ascending array: the smallest sample such that at least
 * p% of samples are <= it. No interpolation, so every reported value is one that was
 * actually observed.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Summarises latency samples (ms); the input is not modified. */
export function summarise(samplesMs: readonly number[]): LatencySummary {
  // A typed array sorts numerically by default and avoids boxing 100k+ samples.
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    meanMs: sorted.length ? sum / sorted.length : NaN,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Requests per second over the time a target was actually under load. */
export function ratePerSecond(count: number, elapsedNs: bigint): number {
  return elapsedNs > 0n ? count / (Number(elapsedNs) / 1e9) : 0;
}

/** Rounds for display and JSON: enough digits to compare runs, no float noise. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

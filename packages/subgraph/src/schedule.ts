import type { Logger } from 'pino';
import { Counter } from '@lianxin/telemetry';

/**
 * Runs of background jobs in this process, for every subgraph's /metrics. Process-wide
 * rather than per service: a job belongs to the one service its process runs.
 */
export const jobMetrics = {
  runs: new Counter({ name: 'lianxin_job_runs_total', help: 'Background job runs (deadline sweep, voucher expiry) by job and result: done or failed', labelNames: ['job', 'result'] as const, registers: [] }),
  changed: new Counter({ name: 'lianxin_job_changed_total', help: 'Rows a background job changed (cases escalated or closed, vouchers expired)', labelNames: ['job'] as const, registers: [] }),
};

/**
 * Runs a background job inside a service every `intervalMs` (0: never). A run never
 * overlaps the previous one in this process; jobs must themselves be safe to run in
 * several replicas at once. `stop()` waits for a run in progress. A job that returns a
 * number says how many rows it changed.
 */
export function every(name: string, intervalMs: number, job: () => Promise<unknown>, log: Logger): { stop(): Promise<void>; runNow(): Promise<void> } {
  const label = name.replace(/\W+/g, '_');
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return running;
    running = job()
      .then((changed) => {
        jobMetrics.runs.inc({ job: label, result: 'done' });
        if (typeof changed === 'number' && changed > 0) jobMetrics.changed.inc({ job: label }, changed);
      })
      .catch((err) => {
        jobMetrics.runs.inc({ job: label, result: 'failed' });
        log.error({ err, job: name }, `${name} failed`);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
    async runNow() {
      await tick();
    },
  };
}

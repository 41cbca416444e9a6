import type { Logger } from 'pino';

/**
 * Runs a background job inside a service every `intervalMs` (0: never). A run never
 * overlaps the previous one in this process; jobs must themselves be safe to run in
 * several replicas at once. `stop()` waits for a run in progress.
 */
export function every(name: string, intervalMs: number, job: () => Promise<unknown>, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = job()
      .catch((err) => log.error({ err, job: name }, `${name} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { readInt, ConfigError, type Env } from '@lianxin/config';
import { every } from '@lianxin/subgraph';
import { runSweep } from './sweep.service';

export interface SweepSettings {
  /** How often the service sweeps; 0 turns the schedule off. */
  intervalMs: number;
  /** Days a worker has to rate a signed-off case before it closes by timeout. */
  ratingTimeoutDays: number;
}

export function loadSweepSettings(env: Env = process.env): SweepSettings {
  const problems: string[] = [];
  const settings = {
    intervalMs: readInt(env, 'CASE_SWEEP_INTERVAL_SECONDS', 60, 0, 86_400, problems) * 1000,
    ratingTimeoutDays: readInt(env, 'CASE_RATING_TIMEOUT_DAYS', 7, 1, 365, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

/**
 * Runs the sweep on a schedule inside the service. Every replica may run it: the sweep
 * is safe to run concurrently.
 */
export function startSweeper(db: DataSource, log: Logger, settings: Partial<SweepSettings> = {}): ReturnType<typeof every> {
  const { intervalMs, ratingTimeoutDays } = { ...loadSweepSettings({}), ...settings };
  return every('deadline sweep', intervalMs, async () => {
    const r = await runSweep(db, { ratingTimeoutDays, log });
    const changed = r.acceptanceEscalated + r.deadlineEscalated + r.closedByTimeout;
    if (changed > 0) log.info(r, 'deadline sweep');
    return changed;
  }, log);
}

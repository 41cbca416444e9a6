import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { InternalClient, InternalTokens, systemCaller } from '@lianxin/auth';
import { ConfigError, readInt, readUrl, type Env } from '@lianxin/config';
import { OutboxDispatcher } from '@lianxin/outbox';
import { DomainError, ErrorCode } from '@lianxin/subgraph';
import { FIGURES_TOPIC } from './figure.event';

export type CasesRole = 'city' | 'province';

export interface RollupSettings {
  /** CASES_ROLE: `city` (cases and their tally) or `province` (figures from the cities' events). */
  role: CasesRole;
  /** ROLLUP_URL: the province (or, from a province, the nation) this deployment reports its figures to; none: it reports to nobody. */
  url?: string;
  /** ROLLUP_DISPATCH_INTERVAL_SECONDS × 1000: how often the outbox is sent on; 0 leaves it to `dispatcher.drain()` (tests). */
  intervalMs: number;
  /** CITY_DEPTH: which path segment is the city (casefile/city.ts). */
  cityDepth: number;
}

export function loadRollupSettings(env: Env = process.env): RollupSettings {
  const problems: string[] = [];
  const role = (env.CASES_ROLE || 'city') as CasesRole;
  if (role !== 'city' && role !== 'province') problems.push(`CASES_ROLE must be city or province (got "${env.CASES_ROLE}")`);
  const url = env.ROLLUP_URL ? readUrl(env, 'ROLLUP_URL', '', problems) : undefined;
  const settings = {
    role,
    url,
    intervalMs: readInt(env, 'ROLLUP_DISPATCH_INTERVAL_SECONDS', 2, 0, 3_600, problems) * 1000,
    cityDepth: readInt(env, 'CITY_DEPTH', 1, 1, 5, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

const APPLY = 'mutation($key: String!, $payload: String!) { _applyFigureEvent(key: $key, payload: $payload) }';

export interface FiguresDispatch {
  dispatcher: OutboxDispatcher;
  stop(): Promise<void>;
}

/**
 * Sends this deployment's figure events to its roll-up, unordered: deltas add up in any
 * order and clocks carry their version, so a row that went dead (the province away for
 * long) holds nothing back; `requeueDead('figures.rollup')` sends it again, and the
 * province's inbox drops what it already applied.
 */
export function startFiguresDispatch(db: DataSource, opts: { url: string; internalSecret: string; intervalMs: number; log: Logger }): FiguresDispatch {
  const tokens = new InternalTokens(opts.internalSecret);
  const province = new InternalClient({
    url: opts.url,
    token: () => tokens.for(systemCaller('figures-rollup'), 'cases'),
    unavailable: () => new DomainError(ErrorCode.UNAVAILABLE, `The roll-up at ${opts.url} did not answer or refused the event; it is retried.`),
  });
  const dispatcher = new OutboxDispatcher(db, {
    deliver: {
      [FIGURES_TOPIC]: async (e) => {
        const data = await province.call<{ _applyFigureEvent: boolean | null }>(APPLY, { key: e.key, payload: JSON.stringify(e.payload) });
        // null: the province answered with an error (not a roll-up, a payload it cannot read); keep the row and retry.
        if (typeof data._applyFigureEvent !== 'boolean') throw new Error(`the roll-up at ${opts.url} refused figure event ${e.key}`);
      },
    },
    // Thousands of transitions an hour in a busy city: take more than the default 20 a pass.
    batch: 200,
    log: opts.log,
    name: `cases-figures-${process.pid}`,
  });
  const loop = dispatcher.start(opts.intervalMs, opts.log);
  return { dispatcher, stop: () => loop.stop() };
}

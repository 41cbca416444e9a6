import 'reflect-metadata';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadNotifySettings, MemberFactsClient, MembersOrgDirectory, MembersStaffDirectory, membersSystemClient, startNotifyDispatch, type NotifyDispatch, type NotifySettings } from '@lianxin/members-client';
import { DEV_PII_SECRET, openDatabase, serveSubgraph, type OrgDirectory, type RunningService, type SchemaOptions } from '@lianxin/subgraph';
import { workerPii } from './casefile/worker.pii';
import { exportFile } from './export/export.service';
import { entities } from './entities';
import { migrations } from './migrations';
import { buildCasesSubgraph, SUBGRAPH_NAME } from './schema';
import { startSweeper, type SweepSettings } from './sweep/sweep.scheduler';
import { setCityDepth } from './casefile/city';
import { reportFigures } from './rollup/emit';
import { rollupFiguresOf } from './rollup/rollup.figures';
import { loadRollupSettings, startFiguresDispatch, type FiguresDispatch, type RollupSettings } from './rollup/rollup.settings';

export interface CasesOptions extends SchemaOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  /** Database (MariaDB) or file (SQLite) name; defaults to lianxin_cases / cases. */
  database?: string;
  dataDir: string;
  internalSecret: string;
  /** Addresses that may read /ready and /metrics without an internal token. */
  probeAllow?: readonly string[];
  /** METRICS_TOKEN and OTEL_EXPORTER_OTLP_ENDPOINT (see serveSubgraph). */
  metricsToken?: string;
  otlpEndpoint?: string;
  /** The members subgraph, owner of the org tree. */
  membersUrl: string;
  log: Logger;
  /** Deadline sweep; `intervalMs: 0` turns the schedule off (tests run it by hand). */
  sweep?: Partial<SweepSettings>;
  /** PII_SECRET: the key of non-members' phones at rest; the development key when unset. */
  piiSecret?: string;
  /** FILES_DIR: where exports are written (default `<dataDir>/files`); replicas share it. */
  filesDir?: string;
  /** FEED_POLL_MS (1000): how often members' change feed is asked what changed (org renames, moves); 0: not followed. */
  feedPollMs?: number;
  /**
   * The roll-up feed (docs/rollup.md): CASES_ROLE, ROLLUP_URL, ROLLUP_DISPATCH_INTERVAL_SECONDS,
   * CITY_DEPTH. A city with a `url` reports its figures there; a province answers figures from
   * what its cities report.
   */
  rollup?: Partial<RollupSettings>;
  /** Workers' notifications handed to members (NOTIFY_*); `intervalMs: 0` leaves them to `notifications.dispatcher.drain()`. */
  notify?: Partial<NotifySettings>;
}

/** Opens the cases database; `schema` says whether it migrates (under the lock) or only checks (see openDatabase). */
export function openCasesDatabase(opts: Pick<CasesOptions, 'databaseUrl' | 'database' | 'dataDir' | 'log' | 'piiSecret'> & SchemaOptions): Promise<DataSource> {
  workerPii.configure(opts.piiSecret ?? DEV_PII_SECRET);
  return openDatabase({ url: opts.databaseUrl, database: opts.database, dataDir: opts.dataDir, service: SUBGRAPH_NAME, entities, migrations, log: opts.log, schema: opts.schema, lockTimeoutSeconds: opts.migrateLockTimeoutSeconds });
}

/** Opens the cases database (migrating it, or checking it in production: `schema`), serves the subgraph and starts the deadline sweep. */
export async function startCases(opts: CasesOptions, db?: DataSource): Promise<RunningService & { db: DataSource; orgs: OrgDirectory; figures?: FiguresDispatch; notifications: NotifyDispatch }> {
  const rollup = { ...loadRollupSettings({}), ...opts.rollup };
  setCityDepth(rollup.cityDepth);
  const database = db ?? (await openCasesDatabase(opts));
  // Reported in each writer's transaction only where someone listens; the dispatcher sends them on.
  if (rollup.url) reportFigures(database);
  const figures = rollup.url ? startFiguresDispatch(database, { url: rollup.url, internalSecret: opts.internalSecret, intervalMs: rollup.intervalMs, log: opts.log }) : undefined;
  const province = rollup.role === 'province' ? { figures: rollupFiguresOf } : {};
  const members = membersSystemClient(opts.membersUrl, opts.internalSecret);
  const orgs = new MembersOrgDirectory(members);
  // Renamed and moved orgs leave the org directory within a poll, in every replica.
  const orgFeed = orgs.follow({ pollMs: opts.feedPollMs ?? 1000, log: opts.log });
  // Who may be named on acceptance (接单): the handling union's staff directory, asked at the moment of acceptance.
  const staffDirectory = new MembersStaffDirectory(members);
  const subgraph = await buildCasesSubgraph();
  const service = await serveSubgraph({ subgraph, db: database, log: opts.log, port: opts.port, host: opts.host, internalSecret: opts.internalSecret, probeAllow: opts.probeAllow, metricsToken: opts.metricsToken, otlpEndpoint: opts.otlpEndpoint, orgDirectory: orgs, services: { staffDirectory, memberFacts: new MemberFactsClient(members), rollupRole: rollup.role, ...province }, feeds: [orgFeed], files: { dir: opts.filesDir ?? path.join(opts.dataDir, 'files'), downloads: { export: exportFile } } });
  orgFeed.start();
  const sweeper = startSweeper(database, opts.log, opts.sweep);
  const notifications = startNotifyDispatch(database, { membersUrl: opts.membersUrl, internalSecret: opts.internalSecret, settings: { ...loadNotifySettings({}), intervalMs: 0, ...opts.notify }, log: opts.log, name: 'cases' });
  return {
    ...service,
    db: database,
    orgs,
    figures,
    notifications,
    stop: async () => {
      orgFeed.stop();
      await notifications.stop();
      await figures?.stop();
      await sweeper.stop();
      await service.stop();
    },
  };
}

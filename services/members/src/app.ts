import 'reflect-metadata';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { openDatabase, serveSubgraph, type RunningService, type SchemaOptions } from '@lianxin/subgraph';
import { entities } from './entities';
import { checkRoster, ROSTER_MAX_BYTES, rosterReport } from './roster/roster.service';
import { migrations } from './migrations';
import { buildMembersSubgraph, SUBGRAPH_NAME } from './schema';
import { configurePii, DEV_PII_SECRET } from './member/member.pii';
import { assertCityLevel } from './org/org.city';
import { OrgTreePeers, startOrgChangeDispatch, type OrgChangeDispatch, type OrgChangeSettings } from './orgtree/orgtree.peers';
import { loadNotifySettings, type NotifyDispatch, type NotifySettings } from '@lianxin/members-client';
import { startNotificationDispatch, type WebhookSettings } from './notification/notification.webhook';

export interface MembersOptions extends SchemaOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  /** Database (MariaDB) or file (SQLite) name; defaults to lianxin_members / members. */
  database?: string;
  dataDir: string;
  internalSecret: string;
  /** PII_SECRET: the keys of ID numbers and phones at rest (member/member.pii.ts); the dev secret when absent. */
  piiSecret?: string;
  /** Addresses that may read /ready and /metrics without an internal token. */
  probeAllow?: readonly string[];
  /** METRICS_TOKEN and OTEL_EXPORTER_OTLP_ENDPOINT (see serveSubgraph). */
  metricsToken?: string;
  otlpEndpoint?: string;
  log: Logger;
  /**
   * Where `org.changed` goes and how often it is sent. Without URLs the peers are not
   * connected until `orgChanges.peers.connect()` (the test graph starts members first);
   * `intervalMs: 0` leaves delivery to `orgChanges.dispatcher.drain()`.
   */
  orgChanges?: Partial<OrgChangeSettings>;
  /** FILES_DIR: where uploaded rosters wait for their commit (default `<dataDir>/files`); replicas share it. */
  filesDir?: string;
  /**
   * Workers' notifications (docs/notifications.md): the webhook channel (none: the in-app
   * feed only) and the dispatcher's pace; `intervalMs: 0` leaves it to `notifications.dispatcher.drain()`.
   */
  notify?: { webhook?: WebhookSettings; settings?: Partial<NotifySettings> };
}

/** Opens the members database; `schema` says whether it migrates (under the lock) or only checks (see openDatabase). */
export function openMembersDatabase(opts: Pick<MembersOptions, 'databaseUrl' | 'database' | 'dataDir' | 'log' | 'piiSecret'> & SchemaOptions): Promise<DataSource> {
  // Before the migrations run: they encrypt rows written before encryption existed.
  configurePii(opts.piiSecret ?? DEV_PII_SECRET);
  return openDatabase({ url: opts.databaseUrl, database: opts.database, dataDir: opts.dataDir, service: SUBGRAPH_NAME, entities, migrations, log: opts.log, schema: opts.schema, lockTimeoutSeconds: opts.migrateLockTimeoutSeconds });
}

/** Opens the members database (migrating it, or checking it in production: `schema`) and serves the subgraph. Used by main.ts and the e2e tests. */
export async function startMembers(opts: MembersOptions, db?: DataSource): Promise<RunningService & { db: DataSource; orgChanges: OrgChangeDispatch & { peers: OrgTreePeers }; notifications: NotifyDispatch }> {
  const database = db ?? (await openMembersDatabase(opts));
  await assertCityLevel(database);
  const subgraph = await buildMembersSubgraph();
  const peers = new OrgTreePeers(opts.internalSecret);
  if (opts.orgChanges?.urls) peers.connect(opts.orgChanges.urls);
  const service = await serveSubgraph({ subgraph, db: database, log: opts.log, port: opts.port, host: opts.host, internalSecret: opts.internalSecret, probeAllow: opts.probeAllow, metricsToken: opts.metricsToken, otlpEndpoint: opts.otlpEndpoint, services: { orgTreePeers: peers, internalSecret: opts.internalSecret }, files: { dir: opts.filesDir ?? path.join(opts.dataDir, 'files'), uploads: { roster: { maxBytes: ROSTER_MAX_BYTES, handle: checkRoster } }, downloads: { roster: rosterReport } } });
  const dispatch = startOrgChangeDispatch(database, peers, opts.log, opts.orgChanges?.intervalMs ?? 0);
  const notifications = startNotificationDispatch(database, opts.notify?.webhook ?? { secret: '', address: 'member' }, { ...loadNotifySettings({}), intervalMs: 0, ...opts.notify?.settings }, opts.log);
  return {
    ...service,
    db: database,
    orgChanges: { ...dispatch, peers },
    notifications,
    stop: async () => {
      await notifications.stop();
      await dispatch.stop();
      await service.stop();
    },
  };
}

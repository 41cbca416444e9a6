import 'reflect-metadata';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadNotifySettings, MemberFactsClient, MembersOrgDirectory, membersSystemClient, startNotifyDispatch, type NotifyDispatch, type NotifySettings } from '@lianxin/members-client';
import { every, openDatabase, serveSubgraph, type RunningService, type SchemaOptions } from '@lianxin/subgraph';
import { entities } from './entities';
import { migrations } from './migrations';
import { buildBenefitsSubgraph, SUBGRAPH_NAME } from './schema';
import { expireVouchers } from './voucher/voucher.expiry';
import { warnExpiringVouchers } from './voucher/voucher.notify';
import { CaseFactsClient } from './aid/case.client';
import { MemberFactsReplica, type ReplicaOptions } from './memberfacts/memberfacts.replica';
import { PartnerDeskCache } from './partner/partner.cache';

export interface BenefitsOptions extends SchemaOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  /** Database (MariaDB) or file (SQLite) name; defaults to lianxin_benefits / benefits. */
  database?: string;
  dataDir: string;
  internalSecret: string;
  /** Addresses that may read /ready and /metrics without an internal token. */
  probeAllow?: readonly string[];
  /** METRICS_TOKEN and OTEL_EXPORTER_OTLP_ENDPOINT (see serveSubgraph). */
  metricsToken?: string;
  otlpEndpoint?: string;
  /** The members subgraph: owner of the org tree and of member facts. */
  /** Workers' notifications handed to members (NOTIFY_*); `intervalMs: 0` leaves them to `notifications.dispatcher.drain()`. */
  notify?: Partial<NotifySettings>;
  membersUrl: string;
  /** The cases subgraph, asked about a case before aid is opened from it; without it that is refused. */
  casesUrl?: string;
  log: Logger;
  /** Voucher expiry sweep interval; 0 turns the schedule off (tests run it by hand). */
  expiryIntervalMs?: number;
  /**
   * The partner desk's copy of member facts (PARTNER_FACTS, MEMBER_FACTS_MAX_AGE_SECONDS,
   * MEMBER_FACTS_MAX_LAG_SECONDS). `fillOnStart: false` leaves filling an empty copy to
   * `memberFacts.backfill()` (the test graph starts benefits before it has members to read).
   */
  memberFactsCopy?: ReplicaOptions & { fillOnStart?: boolean; /** How often to ask members for its undelivered backlog (ms, default 5 s; 0 off). */ feedCheckMs?: number };
  /**
   * FEED_POLL_MS (1000): how often the change feeds are asked what changed: members' (org
   * renames and moves, for the org directory) and benefits' own (partners, bindings,
   * programmes, for the partner desk's cache). 0: neither is followed, and the desk reads
   * bindings and programmes each time.
   */
  feedPollMs?: number;
}

/** Opens the benefits database; `schema` says whether it migrates (under the lock) or only checks (see openDatabase). */
export function openBenefitsDatabase(opts: Pick<BenefitsOptions, 'databaseUrl' | 'database' | 'dataDir' | 'log'> & SchemaOptions): Promise<DataSource> {
  return openDatabase({ url: opts.databaseUrl, database: opts.database, dataDir: opts.dataDir, service: SUBGRAPH_NAME, entities, migrations, log: opts.log, schema: opts.schema, lockTimeoutSeconds: opts.migrateLockTimeoutSeconds });
}

/** Opens the benefits database (migrating it, or checking it in production: `schema`), serves the subgraph and starts the voucher expiry sweep. */
export async function startBenefits(opts: BenefitsOptions, db?: DataSource): Promise<RunningService & { db: DataSource; memberFacts: MemberFactsReplica; partnerDesk: PartnerDeskCache; notifications: NotifyDispatch }> {
  const database = db ?? (await openBenefitsDatabase(opts));
  // One client to members, shared by the directory and the facts: one token, one set of connections.
  const members = membersSystemClient(opts.membersUrl, opts.internalSecret);
  const orgs = new MembersOrgDirectory(members);
  const pollMs = opts.feedPollMs ?? 1000;
  const orgFeed = orgs.follow({ pollMs, log: opts.log });
  const partnerDesk = new PartnerDeskCache(database, { pollMs, log: opts.log });
  const memberFacts = new MemberFactsClient(members);
  const { fillOnStart = true, feedCheckMs = 5_000, ...copyOptions } = opts.memberFactsCopy ?? {};
  const memberFactsReplica = new MemberFactsReplica(database, memberFacts, copyOptions);
  const subgraph = await buildBenefitsSubgraph();
  const service = await serveSubgraph({
    subgraph, db: database, log: opts.log, port: opts.port, host: opts.host, internalSecret: opts.internalSecret, probeAllow: opts.probeAllow, metricsToken: opts.metricsToken, otlpEndpoint: opts.otlpEndpoint,
    orgDirectory: orgs,
    feeds: [orgFeed, partnerDesk.feed],
    services: { memberFacts, memberFactsReplica, partnerDesk, internalSecret: opts.internalSecret, ...(opts.casesUrl ? { caseFacts: new CaseFactsClient(opts.casesUrl, opts.internalSecret) } : {}) },
  });
  orgFeed.start();
  partnerDesk.start();
  const expiry = every('voucher expiry', opts.expiryIntervalMs ?? 60_000, async () => {
    const n = await expireVouchers(database);
    if (n.expired > 0) opts.log.info(n, 'vouchers expired');
    // The same pace suits the 3-days-left reminder: a minute late on a three-day warning is nothing.
    const warned = await warnExpiringVouchers(database);
    if (warned > 0) opts.log.info({ warned }, 'members reminded of vouchers about to expire');
    return n.expired + warned;
  }, opts.log);
  // A feed that stopped sends nothing late: only members can say a change waits there.
  const feedCheck = every('member facts feed check', memberFactsReplica.mode === 'replica' ? feedCheckMs : 0, async () => {
    if (await memberFactsReplica.checkFeed()) opts.log.warn(memberFactsReplica.stats(), 'member facts feed is behind: the desk asks members until it catches up');
  }, opts.log);
  if (fillOnStart && memberFactsReplica.mode === 'replica') {
    // In the background: the desk falls back to members for whom the copy lacks meanwhile.
    memberFactsReplica.fillIfEmpty().then(
      (n) => n && opts.log.info({ members: n }, 'copy of member facts filled'),
      (err) => opts.log.warn({ err }, 'could not fill the copy of member facts; the desk asks members until the feed or the next start fills it'),
    );
  }
  const notifications = startNotifyDispatch(database, { membersUrl: opts.membersUrl, internalSecret: opts.internalSecret, settings: { ...loadNotifySettings({}), intervalMs: 0, ...opts.notify }, log: opts.log, name: 'benefits' });
  return {
    ...service,
    db: database,
    memberFacts: memberFactsReplica,
    partnerDesk,
    notifications,
    stop: async () => {
      await notifications.stop();
      orgFeed.stop();
      partnerDesk.stop();
      await expiry.stop();
      await feedCheck.stop();
      await service.stop();
    },
  };
}

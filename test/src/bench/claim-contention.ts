/**
 * What a hot quota costs (issue 16): many members of one city claiming at once, with the
 * city's quota held in one root share (every claim writes the same allocation row) against
 * the same quota carved into district shares (a claim writes its district's row, and the
 * city's only once that is spent). Claims run through the benefits service code itself
 * (claimVoucher: eligibility on in-memory member facts, the conditional UPDATE, the voucher
 * insert, the budgeted retry), on real MariaDB, or across the nodes of a Galera cluster.
 *
 * For each shape: claims per second at a fixed concurrency, the latency of each claim
 * (p50, p99, max), the retries the contention cost and how many callers were told CONFLICT;
 * then the database is counted: vouchers issued against units taken, which must agree.
 *
 *   npm run build -w @lianxin/test && node test/dist/bench/claim-contention.js
 *   CLAIMS=2000 CONCURRENCY=64 DISTRICTS=8 node test/dist/bench/claim-contention.js
 *   GALERA_URLS=$(scripts/galera.sh urls) node test/dist/bench/claim-contention.js
 *
 * `npm run bench` may call measureClaimContention() with its own settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Caller } from '@lianxin/auth';
import { openBenefitsDatabase, AllocationRow, VoucherRow } from '@lianxin/benefits';
import { allocate } from '@lianxin/benefits/dist/programme/allocation.service';
import { createProgramme, openProgramme } from '@lianxin/benefits/dist/programme/programme.service';
import { CreateProgrammeInput } from '@lianxin/benefits/dist/programme/programme.types';
import { ProgrammeKind } from '@lianxin/benefits/dist/programme/programme.enums';
import { claimVoucher } from '@lianxin/benefits/dist/voucher/voucher.service';
import { contentionStats, type SubgraphContext } from '@lianxin/subgraph';
import { callerStub, contextFor, FakeMemberFacts, silentLog, TestTree } from '@lianxin/test-kit';
import { round, summarise, type LatencySummary } from './stats';

export interface ClaimContentionSettings {
  /** Database URLs: one for MariaDB, several for the nodes of a Galera cluster (claims go round them). */
  urls: string[];
  /** Claims per shape, by as many members; the quota equals it, so every claim should get a voucher. */
  claims: number;
  /** Claims in flight at once. */
  concurrency: number;
  /** Districts in the city; members are spread evenly over their enterprises. */
  districts: number;
}

export interface ShapeResult {
  shape: string;
  claims: number;
  vouchers: number;
  conflicts: number;
  otherRefusals: number;
  retries: number;
  claimsPerSecond: number;
  latency: LatencySummary;
  /** Units taken from the shares, summed: equal to vouchers, or the quota leaked. */
  unitsTaken: number;
}

/** Runs both shapes on a fresh database and returns what each measured. */
export async function measureClaimContention(settings: ClaimContentionSettings): Promise<ShapeResult[]> {
  const database = `lianxin_bench_claims_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-claims-'));
  const nodes: DataSource[] = [];
  try {
    // The first node creates and migrates; the others find the schema there (by replication on Galera).
    for (const url of settings.urls) nodes.push(await openBenefitsDatabase({ databaseUrl: url, database, dataDir, log: silentLog }));
    const tree = new TestTree('BENCH');
    const city = tree.add('CITY', null, 'city');
    const enterprises = Array.from({ length: settings.districts }, (_, d) => {
      const district = tree.add('DISTRICT', city, `d${d}`);
      const street = tree.add('STREET', district, `s${d}`);
      return { district, enterprise: tree.add('ENTERPRISE', street, `e${d}`) };
    });
    const facts = new FakeMemberFacts(tree.directory);
    const contexts = nodes.map((db) => contextFor({ db: () => db, orgs: tree.directory, facts, services: { internalSecret: 'bench-internal-secret-0123456789abcdef' } }));
    const admin = contexts[0](callerStub.admin);
    const now = new Date();
    const day = (n: number) => new Date(now.getTime() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

    const results: ShapeResult[] = [];
    for (const carved of [false, true]) {
      const shape = carved ? `carved into ${settings.districts} district shares` : 'one root share';
      const created = await createProgramme(
        admin,
        Object.assign(new CreateProgrammeInput(), {
          orgId: city.id, name: `抢票 ${shape}`, kind: ProgrammeKind.CINEMA_VOUCHER, startsOn: day(-1), endsOn: day(30),
          quota: settings.claims, voucherValidDays: 7, rules: { requires: [{ type: 'membership', status: ['ACTIVE'] }] },
        }),
        now,
      );
      const programme = await openProgramme(admin, created.id, now);
      if (carved) {
        const each = Math.floor(settings.claims / settings.districts);
        for (const { district } of enterprises) await allocate(admin, { programmeId: programme.id, orgId: district.id, quota: each });
      }
      const members = Array.from({ length: settings.claims }, (_, i) => facts.add(enterprises[i % enterprises.length].enterprise));
      // Member i is at enterprise i % districts; the node turns with each round of districts, so every district's claims reach every node.
      const ctxOf = (i: number, caller: Caller): SubgraphContext => contexts[Math.floor(i / enterprises.length) % contexts.length](caller);

      const before = { ...contentionStats };
      const latencies: number[] = [];
      let vouchers = 0;
      let conflicts = 0;
      let otherRefusals = 0;
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: settings.concurrency }, async () => {
          for (let i = next++; i < members.length; i = next++) {
            const t0 = process.hrtime.bigint();
            try {
              await claimVoucher(ctxOf(i, callerStub.member(members[i])), programme.id, now);
              vouchers++;
              latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            } catch (err) {
              const code = (err as { extensions?: { code?: string } }).extensions?.code;
              if (code === 'CONFLICT') conflicts++;
              else if (code) otherRefusals++;
              else throw err;
            }
          }
        }),
      );
      const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
      const { shares, stored } = await counted(nodes[0], settings.urls.length > 1, programme.id);
      if (stored !== vouchers) throw new Error(`${shape}: ${vouchers} claims answered with a voucher but ${stored} are stored`);
      results.push({
        shape,
        claims: settings.claims,
        vouchers,
        conflicts,
        otherRefusals,
        retries: contentionStats.retries - before.retries,
        claimsPerSecond: round(vouchers / elapsedS, 1),
        latency: summarise(latencies),
        unitsTaken: shares.reduce((sum, a) => sum + a.used, 0),
      });
    }
    return results;
  } finally {
    if (nodes[0]) await nodes[0].query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    for (const db of nodes) await db.destroy().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The shares and the vouchers stored, read on one node. On Galera a commit on another node
 * is certified everywhere at once but applied here a moment later: the read waits for it
 * (wsrep_sync_wait), or it could count one voucher short.
 */
async function counted(db: DataSource, galera: boolean, programmeId: string): Promise<{ shares: AllocationRow[]; stored: number }> {
  const runner = db.createQueryRunner();
  try {
    if (galera) await runner.query('SET SESSION wsrep_sync_wait = 1');
    const shares = await runner.manager.getRepository(AllocationRow).findBy({ programmeId });
    const stored = await runner.manager.getRepository(VoucherRow).countBy({ programmeId });
    if (galera) await runner.query('SET SESSION wsrep_sync_wait = 0');
    return { shares, stored };
  } finally {
    await runner.release();
  }
}

export function formatClaimContention(settings: ClaimContentionSettings, results: ShapeResult[]): string {
  const engine = settings.urls.length > 1 ? `Galera, ${settings.urls.length} nodes` : 'MariaDB';
  const lines = [
    `Claims on ${engine}: ${settings.claims} members, ${settings.concurrency} at once, quota ${settings.claims}`,
    'shape                             claims/s   p50 ms   p99 ms   max ms  retries  CONFLICT  vouchers  units taken',
  ];
  for (const r of results) {
    lines.push(
      `${r.shape.padEnd(32)} ${String(r.claimsPerSecond).padStart(9)} ${round(r.latency.p50Ms, 1).toString().padStart(8)} ${round(r.latency.p99Ms, 1).toString().padStart(8)} ${round(r.latency.maxMs, 1).toString().padStart(8)} ${String(r.retries).padStart(8)} ${String(r.conflicts).padStart(9)} ${String(r.vouchers).padStart(9)} ${String(r.unitsTaken).padStart(12)}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const galera = (process.env.GALERA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const settings: ClaimContentionSettings = {
    urls: galera.length ? galera : [process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306'],
    claims: Number(process.env.CLAIMS ?? 1000),
    concurrency: Number(process.env.CONCURRENCY ?? 32),
    districts: Number(process.env.DISTRICTS ?? 8),
  };
  console.log(formatClaimContention(settings, await measureClaimContention(settings)));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

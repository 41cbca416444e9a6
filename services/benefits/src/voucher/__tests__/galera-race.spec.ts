import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { callerStub, contextFor, silentLog } from '@lianxin/test-kit';
import { contentionStats } from '@lianxin/subgraph';
import { openBenefitsDatabase } from '../../app';
import { allocate } from '../../programme/allocation.service';
import { AllocationRow, type ProgrammeRow } from '../../programme/programme.entity';
import { VoucherRow } from '../../grant/voucher.entity';
import * as vouchers from '../voucher.service';
import { NOW, SECRET, world } from './world';

/**
 * Issue 16: on a multi-primary Galera cluster, members claiming one quota through two
 * nodes at once. Two transactions that take the same unit on different nodes both run;
 * certification at commit lets one in and fails the other with 1213, which the budgeted
 * retry runs again. Whatever the interleaving: exactly the quota in vouchers, and every
 * other member is told QUOTA_EXHAUSTED or CONFLICT with a retry hint, never an internal error.
 *
 * Needs a cluster: `scripts/galera.sh up` prints GALERA_URLS (two or more node URLs).
 */
const URLS = (process.env.GALERA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
const SKIP = URLS.length < 2 ? 'skipped: set GALERA_URLS to two or more node URLs (scripts/galera.sh up prints them)' : null;
const { admin, member: memberCaller } = callerStub;

(SKIP ? describe.skip : describe)(`the quota race on a Galera cluster${SKIP ? ` (${SKIP})` : ''}`, () => {
  const database = `lianxin_test_galera_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-galera-'));
  let node1: DataSource;
  let node2: DataSource;
  const w = world(() => node1);
  const { orgs, facts } = w;
  const onNode2 = contextFor({ db: () => node2, orgs: orgs.directory, facts, services: { internalSecret: SECRET } });

  beforeAll(async () => {
    // Node 1 creates and migrates the database; node 2 receives it by replication and finds nothing pending.
    node1 = await openBenefitsDatabase({ databaseUrl: URLS[0], database, dataDir, log: silentLog });
    node2 = await openBenefitsDatabase({ databaseUrl: URLS[1], database, dataDir, log: silentLog });
  }, 120_000);
  afterAll(async () => {
    await node2?.destroy();
    await node1?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await node1?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Reads on a node after everything committed anywhere has been applied there (Galera's causal read). */
  async function synced<T>(node: DataSource, read: (q: (sql: string, params?: unknown[]) => Promise<T>) => Promise<T>): Promise<T> {
    const runner = node.createQueryRunner();
    try {
      await runner.query('SET SESSION wsrep_sync_wait = 1');
      return await read((sql, params) => runner.query(sql, params));
    } finally {
      await runner.query('SET SESSION wsrep_sync_wait = 0');
      await runner.release();
    }
  }

  const claimOn = (i: number, m: { id: string }, p: ProgrammeRow) => {
    const caller = memberCaller(facts.facts.get(m.id)!);
    return vouchers.claimVoucher(i % 2 ? onNode2(caller) : w.ctxOf(caller), p.id, NOW);
  };

  async function race(p: ProgrammeRow, crowd: number) {
    const members = Array.from({ length: crowd }, (_, i) => facts.add([orgs.e1, orgs.e2, orgs.e3][i % 3]));
    const before = { ...contentionStats };
    const results = await Promise.allSettled(members.map((m, i) => claimOn(i, m, p)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { extensions?: Record<string, unknown>; message: string }] : []));
    // A refusal without a code is what reaches a client as INTERNAL_SERVER_ERROR.
    const internal = refused.filter((e) => !e.extensions?.code);
    const conflicts = refused.filter((e) => e.extensions?.code === 'CONFLICT');
    const stats = { retries: contentionStats.retries - before.retries, exhausted: contentionStats.exhausted - before.exhausted };
    console.info(`Galera race (${p.name}): ${crowd} claims, ${results.length - refused.length} vouchers, ${conflicts.length} CONFLICT, ${stats.retries} retries`);
    return { won: results.length - refused.length, refused, internal, conflicts, stats };
  }

  test.each([
    { shape: 'one root share (the city writes one row)', districts: false },
    { shape: 'carved into district shares', districts: true },
  ])('120 members claiming 40 units across two nodes, $shape: exactly 40 vouchers, nobody told INTERNAL_SERVER_ERROR', async ({ districts }) => {
    const p = await w.programme({ quota: 40, name: districts ? '抢票（区县份额）' : '抢票（全市一份）' });
    if (districts) {
      await allocate(w.ctxOf(admin), { programmeId: p.id, orgId: orgs.d1.id, quota: 15 });
      await allocate(w.ctxOf(admin), { programmeId: p.id, orgId: orgs.d2.id, quota: 15 });
    }
    const { won, refused, internal, conflicts } = await race(p, 120);
    expect(internal.map((e) => e.message)).toEqual([]);
    expect(won).toBe(40);
    expect(refused.filter((e) => !['QUOTA_EXHAUSTED', 'CONFLICT'].includes(e.extensions!.code as string))).toEqual([]);
    for (const c of conflicts) expect(c.extensions).toMatchObject({ retryAfterMs: expect.any(Number), reason: 'CONTENTION' });

    // Both nodes agree, and the shares add up to exactly what was issued.
    for (const node of [node1, node2]) {
      const [{ n }] = await synced(node, (q) => q('SELECT COUNT(*) AS n FROM voucher WHERE programme_id = ?', [p.id]) as never) as unknown as { n: number | string }[];
      expect(Number(n)).toBe(40);
    }
    const shares = await node1.getRepository(AllocationRow).findBy({ programmeId: p.id });
    expect(shares.reduce((sum, a) => sum + a.used, 0)).toBe(40);
    for (const a of shares) expect(a.used + a.allocatedToChildren).toBeLessThanOrEqual(a.quota!);
    expect(await node1.getRepository(VoucherRow).countBy({ programmeId: p.id })).toBe(40);
  }, 120_000);
});

import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { callerStub } from '@lianxin/test-kit';
import type { OrgInfo } from '@lianxin/subgraph';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { allocate } from '../../programme/allocation.service';
import { AllocationRow, type ProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind } from '../../programme/programme.enums';
import { buildBenefitsSubgraph } from '../../schema';
import { VoucherRow } from '../../grant/voucher.entity';
import * as vouchers from '../voucher.service';
import { NOW, settle, world } from './world';

const { admin, member: memberCaller } = callerStub;

/**
 * Claims draw from the member's own share and reach up only when it is empty, so a city
 * whose quota is carved into district and street shares does not write one row per claim.
 * The quota stays exact: no share gives more than it holds, and the tree no more than the root.
 */
describe.each(benefitsEngines('claim_chain'))('claims along the chain of shares on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const w = world(() => db);
  const { orgs, facts, ctxOf } = w;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close?.());

  const claim = (m: { id: string }, programmeId: string) => vouchers.claimVoucher(ctxOf(memberCaller(facts.facts.get(m.id)!)), programmeId, NOW);
  const share = (p: ProgrammeRow, org: OrgInfo) => db.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: org.id });
  const ledger = async (p: ProgrammeRow) =>
    Object.fromEntries((await db.getRepository(AllocationRow).findBy({ programmeId: p.id })).map((a) => [orgs.tree.orgs.find((o) => o.id === a.orgId)!.code.replace(/^T-/, '').toLowerCase(), { quota: a.quota, used: a.used, toChildren: a.allocatedToChildren }]));
  /** A city programme with `quota`, d1 holding `d1Quota` of it and s1 (under d1) `s1Quota` of d1's. */
  async function carved(quota: number, d1Quota: number, s1Quota: number): Promise<ProgrammeRow> {
    const p = await w.programme({ quota, kind: ProgrammeKind.CINEMA_VOUCHER });
    await allocate(ctxOf(admin), { programmeId: p.id, orgId: orgs.d1.id, quota: d1Quota });
    await allocate(ctxOf(admin), { programmeId: p.id, orgId: orgs.s1.id, quota: s1Quota });
    return p;
  }
  const left = async (m: { id: string }, p: ProgrammeRow) => {
    const { schema } = await buildBenefitsSubgraph();
    const res = await graphql({ schema, source: `{ programme(id: "${p.id}") { remainingQuota } }`, contextValue: ctxOf(memberCaller(facts.facts.get(m.id)!)) });
    expect(res.errors).toBeUndefined();
    return (res.data as { programme: { remainingQuota: number } }).programme.remainingQuota;
  };

  test('a claim takes from the member\'s own share; once it is empty, from the share above; the unit goes back where it came from', async () => {
    const p = await carved(10, 4, 2);
    const atE1 = Array.from({ length: 5 }, () => facts.add(orgs.e1));
    const atE3 = facts.add(orgs.e3);
    // e1's member can be given s1's 2, d1's own 2 and the city's own 6.
    expect(await left(atE1[0], p)).toBe(10);
    expect(await left(atE3, p)).toBe(6);

    const [v1, v2] = [await claim(atE1[0], p.id), await claim(atE1[1], p.id)];
    expect([v1.allocationId, v2.allocationId]).toEqual([(await share(p, orgs.s1)).id, (await share(p, orgs.s1)).id]);
    // Nothing above s1 was written while s1 had units.
    expect(await ledger(p)).toEqual({ city: { quota: 10, used: 0, toChildren: 4 }, d1: { quota: 4, used: 0, toChildren: 2 }, s1: { quota: 2, used: 2, toChildren: 0 } });

    const v3 = await claim(atE1[2], p.id);
    expect(v3.allocationId).toBe((await share(p, orgs.d1)).id);
    await claim(atE1[3], p.id);
    const v5 = await claim(atE1[4], p.id);
    expect(v5.allocationId).toBe((await share(p, orgs.city)).id);
    expect(await ledger(p)).toEqual({ city: { quota: 10, used: 1, toChildren: 4 }, d1: { quota: 4, used: 2, toChildren: 2 }, s1: { quota: 2, used: 2, toChildren: 0 } });
    expect(await left(atE1[0], p)).toBe(5);

    // d2's member never had a share below the city's: the city's own, and nothing else, changes.
    await claim(atE3, p.id);
    expect(await ledger(p)).toEqual({ city: { quota: 10, used: 2, toChildren: 4 }, d1: { quota: 4, used: 2, toChildren: 2 }, s1: { quota: 2, used: 2, toChildren: 0 } });

    // Cancelling the voucher d1 gave returns its unit to d1, not to s1 or the city.
    await vouchers.cancelVoucher(ctxOf(memberCaller(facts.facts.get(atE1[2].id)!)), v3.id);
    expect(await ledger(p)).toEqual({ city: { quota: 10, used: 2, toChildren: 4 }, d1: { quota: 4, used: 1, toChildren: 2 }, s1: { quota: 2, used: 2, toChildren: 0 } });
    expect(await left(atE1[0], p)).toBe(5);
  });

  test('the quota stays exact under a crowd: 60 claims for 12 units across three shares give exactly 12 vouchers, each share full and none past its quota', async () => {
    const p = await carved(12, 6, 3);
    const crowd = Array.from({ length: 60 }, (_, i) => facts.add([orgs.e1, orgs.e2, orgs.e3][i % 3]));
    const { ok, failed } = await settle(crowd.map((m) => claim(m, p.id)));
    expect(ok).toHaveLength(12);
    expect(failed).toHaveLength(48);
    expect(new Set(failed.map((f) => f.code))).toEqual(new Set(['QUOTA_EXHAUSTED']));
    // s1's 3, d1's own 3, the city's own 6: everything, and not one unit more.
    expect(await ledger(p)).toEqual({ city: { quota: 12, used: 6, toChildren: 6 }, d1: { quota: 6, used: 3, toChildren: 3 }, s1: { quota: 3, used: 3, toChildren: 0 } });
    const stored = await db.getRepository(VoucherRow).findBy({ programmeId: p.id });
    expect(stored).toHaveLength(12);
    // Each voucher names the share that gave it, and the shares' counts agree with the vouchers.
    const byShare = new Map<string, number>();
    for (const v of stored) byShare.set(v.allocationId, (byShare.get(v.allocationId) ?? 0) + 1);
    expect(byShare).toEqual(new Map([[(await share(p, orgs.s1)).id, 3], [(await share(p, orgs.d1)).id, 3], [(await share(p, orgs.city)).id, 6]]));
    // d2's members reach only the city's own share, never d1's or s1's.
    const d2Vouchers = stored.filter((v) => v.orgPath.startsWith(orgs.d2.path));
    const cityShare = (await share(p, orgs.city)).id;
    expect(d2Vouchers.filter((v) => v.allocationId !== cityShare)).toEqual([]);
  });
});

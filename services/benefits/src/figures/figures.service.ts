import { isWithin, subtreeRange } from '@lianxin/auth';
import { inScope, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { AidApplicationRow, AidState } from '../grant/aid.entity';
import { CareBatchRow, CareVisitRow } from '../care/care.entity';
import { AllocationRow, type ProgrammeRow } from '../programme/programme.entity';
import { nearestAllocationOf, orgInfoById, programmeById } from '../programme/programme.loader';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import type { ChildAllocationFigure, ProgrammeUptake } from './figures.types';

/** Figures count records where they were made; no member column, so a member's scope would count nothing. */
const VOUCHER_FIGURES = { path: 'v.orgPath' } as const;
const AID_FIGURES = { path: 'x.orgPath' } as const;
const CARE_FIGURES = { path: 'c.orgPath' } as const;
const SHARE_FIGURES = { path: 'a.orgPath' } as const;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * The union to count under: the one asked for, if the caller may see it; by default the
 * caller's own union when the programme covers it, else the programme's owner.
 */
async function targetOf(ctx: SubgraphContext, programme: ProgrammeRow, orgId?: string | null): Promise<{ id: string; path: string } | null> {
  if (orgId) {
    const org = await orgInfoById(ctx).load(orgId);
    return org && inScope(requireScope(ctx), { path: org.path }) ? { id: org.id, path: org.path } : null;
  }
  const { orgId: own, orgPath } = ctx.caller;
  if (own && orgPath && isWithin(orgPath, programme.orgPath)) return { id: own, path: orgPath };
  return { id: programme.orgId, path: programme.orgPath };
}

/**
 * Uptake of a programme under one union, in five statements whatever the size of the
 * tree: vouchers grouped by state, aid awards grouped by state, care visits summed, the
 * shares below grouped per child union, and the union's own share. Every statement is
 * scoped on the records' own org path; null for a programme or union the caller cannot see.
 */
export async function programmeUptake(ctx: SubgraphContext, programmeId: string, orgId?: string | null): Promise<ProgrammeUptake | null> {
  const programme = await programmeById(ctx).load(programmeId);
  if (!programme) return null;
  const target = await targetOf(ctx, programme, orgId);
  if (!target) return null;
  const { from, to } = subtreeRange(target.path);
  const range = { uf: from, ut: to, pid: programme.id };

  const [vouchers, awards, care, children, share] = await Promise.all([
    ctx.db.read(VoucherRow, 'v', VOUCHER_FIGURES)
      .select('v.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .andWhere('v.programmeId = :pid AND v.orgPath >= :uf AND v.orgPath < :ut', range)
      .groupBy('v.state')
      .getRawMany<{ state: VoucherState; n: string | number }>(),
    ctx.db.read(AidApplicationRow, 'x', AID_FIGURES)
      .select('x.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(x.amountCents)', 'cents')
      .andWhere('x.programmeId = :pid AND x.orgPath >= :uf AND x.orgPath < :ut', range)
      .andWhere('x.state IN (:...awarded)', { awarded: [AidState.AWARDED, AidState.DELIVERED] })
      .groupBy('x.state')
      .getRawMany<{ state: AidState; n: string | number; cents: string | number | null }>(),
    ctx.db.read(CareVisitRow, 'c', CARE_FIGURES)
      .innerJoin(CareBatchRow, 'b', 'b.id = c.batchId')
      .select('COUNT(*)', 'n')
      .addSelect('SUM(c.costCents)', 'cents')
      .andWhere('b.programmeId = :pid AND c.orgPath >= :uf AND c.orgPath < :ut', range)
      .getRawOne<{ n: string | number; cents: string | number | null }>(),
    childFigures(ctx, programme, target.path),
    nearestAllocationOf(ctx).load({ programmeId: programme.id, orgPath: target.path }),
  ]);

  const count = (s: VoucherState) => n(vouchers.find((v) => v.state === s)?.n);
  const award = (s: AidState) => awards.find((a) => a.state === s);
  return {
    programmeId: programme.id,
    orgId: target.id,
    vouchersIssued: vouchers.reduce((sum, v) => sum + n(v.n), 0),
    vouchersOutstanding: count(VoucherState.ISSUED),
    vouchersRedeemed: count(VoucherState.REDEEMED),
    vouchersExpired: count(VoucherState.EXPIRED),
    vouchersCancelled: count(VoucherState.CANCELLED),
    aidAwarded: n(award(AidState.AWARDED)?.n) + n(award(AidState.DELIVERED)?.n),
    aidAwardedCents: n(award(AidState.AWARDED)?.cents) + n(award(AidState.DELIVERED)?.cents),
    aidDelivered: n(award(AidState.DELIVERED)?.n),
    aidDeliveredCents: n(award(AidState.DELIVERED)?.cents),
    careVisits: n(care?.n),
    careSpentCents: n(care?.cents),
    share,
    children,
  };
}

/**
 * Shares under each child union of `path`, in one grouped statement. A share counts as
 * carved into the child's subtree when its parent share lies outside that subtree; used
 * and spent add up every share in it. Ids are fixed-length ULIDs, so the child union's
 * path is the first `path.length + 27` characters of any path under it.
 */
async function childFigures(ctx: SubgraphContext, programme: ProgrammeRow, path: string): Promise<ChildAllocationFigure[]> {
  const len = path.length + 27;
  const { from, to } = subtreeRange(path);
  const child = `SUBSTR(a.orgPath, 1, ${len})`;
  const carvedIn = `SUBSTR(p.orgPath, 1, ${len}) <> ${child}`;
  const rows = await ctx.db.read(AllocationRow, 'a', SHARE_FIGURES)
    .innerJoin(AllocationRow, 'p', 'p.id = a.parentId')
    .select(child, 'child')
    .addSelect(`SUM(CASE WHEN ${carvedIn} THEN COALESCE(a.quota, 0) ELSE 0 END)`, 'quota')
    .addSelect(`SUM(CASE WHEN ${carvedIn} THEN COALESCE(a.budgetCents, 0) ELSE 0 END)`, 'budget')
    .addSelect('SUM(a.used)', 'used')
    .addSelect('SUM(a.spentCents)', 'spent')
    .andWhere('a.programmeId = :pid AND a.orgPath > :cf AND a.orgPath < :ct', { pid: programme.id, cf: from, ct: to })
    .groupBy('child')
    .orderBy('child')
    .getRawMany<{ child: string; quota: unknown; budget: unknown; used: unknown; spent: unknown }>();
  return rows.map((r) => ({
    orgId: r.child.split('/').filter(Boolean).at(-1)!,
    allocatedQuota: n(r.quota),
    allocatedBudgetCents: n(r.budget),
    used: n(r.used),
    spentCents: n(r.spent),
    remaining: n(r.quota) - n(r.used),
  }));
}

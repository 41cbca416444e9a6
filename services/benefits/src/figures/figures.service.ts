import { isWithin, subtreeRange } from '@lianxin/auth';
import { inScope, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { AidApplicationRow, AidState } from '../grant/aid.entity';
import { CareBatchRow, CareVisitRow } from '../care/care.entity';
import { AllocationRow, type ProgrammeRow } from '../programme/programme.entity';
import { nearestAllocationOf, orgInfoById, programmeById } from '../programme/programme.loader';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import type { ChildAllocationFigure, OrgUptake, ProgrammeUptake, UptakeCounts, VoucherMonth } from './figures.types';
import { chinaMonth, monthIndex, monthStart } from '@lianxin/members-client';

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
  const [rows, children, share] = await Promise.all([
    readCounts(ctx, programme.id, target.path, false),
    childFigures(ctx, programme, target.path),
    nearestAllocationOf(ctx).load({ programmeId: programme.id, orgPath: target.path }),
  ]);
  return { programmeId: programme.id, orgId: target.id, ...countsOf(rows, WHOLE), share, children, orgPath: target.path, programme };
}

interface CountRows {
  vouchers: { child: string; state: VoucherState; n: string | number }[];
  awards: { child: string; state: AidState; n: string | number; cents: string | number | null }[];
  care: { child: string; n: string | number; cents: string | number | null }[];
}

/** The key of the rows counting the whole subtree, when they are not split per child union. */
const WHOLE = '-';

/**
 * The three grouped statements behind every uptake count, scoped on the records' own org
 * path: vouchers by state, aid awards by state, care visits in batches of the programme.
 * Per union directly under `path` when `perChild` (records at `path` itself count under it).
 */
async function readCounts(ctx: SubgraphContext, programmeId: string, path: string, perChild: boolean): Promise<CountRows> {
  const { from, to } = subtreeRange(path);
  const range = { uf: from, ut: to, pid: programmeId };
  const key = (alias: string) => (perChild ? childOf(alias, path) : `'${WHOLE}'`);
  const [vouchers, awards, care] = await Promise.all([
    ctx.db.read(VoucherRow, 'v', VOUCHER_FIGURES)
      .select(key('v'), 'child')
      .addSelect('v.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .andWhere('v.programmeId = :pid AND v.orgPath >= :uf AND v.orgPath < :ut', range)
      .groupBy('child')
      .addGroupBy('v.state')
      .getRawMany<CountRows['vouchers'][number]>(),
    ctx.db.read(AidApplicationRow, 'x', AID_FIGURES)
      .select(key('x'), 'child')
      .addSelect('x.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(x.amountCents)', 'cents')
      .andWhere('x.programmeId = :pid AND x.orgPath >= :uf AND x.orgPath < :ut', range)
      .andWhere('x.state IN (:...awarded)', { awarded: [AidState.AWARDED, AidState.DELIVERED] })
      .groupBy('child')
      .addGroupBy('x.state')
      .getRawMany<CountRows['awards'][number]>(),
    ctx.db.read(CareVisitRow, 'c', CARE_FIGURES)
      .innerJoin(CareBatchRow, 'b', 'b.id = c.batchId')
      .select(key('c'), 'child')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(c.costCents)', 'cents')
      .andWhere('b.programmeId = :pid AND c.orgPath >= :uf AND c.orgPath < :ut', range)
      .groupBy('child')
      .getRawMany<CountRows['care'][number]>(),
  ]);
  return { vouchers, awards, care };
}

/** The counts of one key of the rows: the whole subtree, or one child union's path. */
function countsOf(rows: CountRows, child: string): UptakeCounts {
  const vouchers = rows.vouchers.filter((r) => r.child === child);
  const count = (s: VoucherState) => n(vouchers.find((r) => r.state === s)?.n);
  const awards = rows.awards.filter((r) => r.child === child);
  const delivered = awards.find((r) => r.state === AidState.DELIVERED);
  const care = rows.care.find((r) => r.child === child);
  return {
    vouchersIssued: vouchers.reduce((sum, r) => sum + n(r.n), 0),
    vouchersOutstanding: count(VoucherState.ISSUED),
    vouchersRedeemed: count(VoucherState.REDEEMED),
    vouchersExpired: count(VoucherState.EXPIRED),
    vouchersCancelled: count(VoucherState.CANCELLED),
    aidAwarded: awards.reduce((sum, r) => sum + n(r.n), 0),
    aidAwardedCents: awards.reduce((sum, r) => sum + n(r.cents), 0),
    aidDelivered: n(delivered?.n),
    aidDeliveredCents: n(delivered?.cents),
    careVisits: n(care?.n),
    careSpentCents: n(care?.cents),
  };
}

/** The union directly under `path` that a record at `alias.orgPath` counts under (the union itself for its own records): SQL. */
const childOf = (alias: string, path: string): string => `SUBSTR(${alias}.orgPath, 1, ${path.length + 27})`;
/** The id at the end of a path. */
const lastId = (path: string): string => path.split('/').filter(Boolean).at(-1)!;

/** The most months the monthly figures cover: the latest of the programme's run. */
export const MAX_UPTAKE_MONTHS = 36;

/**
 * Vouchers by the China month they were issued in, from the programme's first month to its
 * last (or the current one, if earlier), at most the latest 36, with where they are now: one
 * grouped statement, scoped on the vouchers' own org path. Each month is a range of
 * issued_at, so the buckets are plain comparisons that read the same on both engines.
 */
export async function uptakeByMonth(ctx: SubgraphContext, uptake: ProgrammeUptake, now: Date = new Date()): Promise<VoucherMonth[]> {
  const { programme, orgPath } = uptake;
  const last = Math.min(monthIndex(programme.endsOn.slice(0, 7)), monthIndex(chinaMonth(now)));
  const first = Math.max(monthIndex(programme.startsOn.slice(0, 7)), last - MAX_UPTAKE_MONTHS + 1);
  if (last < first) return [];
  const months = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const bounds = Object.fromEntries([first, ...months.map((m) => m + 1)].map((m, i) => [`b${i}`, monthStart(m)]));
  const bucket = `CASE ${months.map((_, i) => `WHEN v.issuedAt < :b${i + 1} THEN ${i}`).join(' ')} END`;
  const { from, to } = subtreeRange(orgPath);
  const rows = await ctx.db.read(VoucherRow, 'v', VOUCHER_FIGURES)
    .select(bucket, 'bucket')
    .addSelect('v.state', 'state')
    .addSelect('COUNT(*)', 'n')
    .andWhere('v.programmeId = :pid AND v.orgPath >= :uf AND v.orgPath < :ut', { pid: programme.id, uf: from, ut: to })
    .andWhere(`v.issuedAt >= :b0 AND v.issuedAt < :b${months.length}`, bounds)
    .groupBy('bucket')
    .addGroupBy('v.state')
    .getRawMany<{ bucket: string | number; state: VoucherState; n: string | number }>();
  return months.map((m, i) => {
    const here = rows.filter((r) => Number(r.bucket) === i);
    const count = (s: VoucherState) => n(here.find((r) => r.state === s)?.n);
    const start = monthStart(m);
    return {
      month: chinaMonth(start),
      issued: here.reduce((sum, r) => sum + n(r.n), 0),
      outstanding: count(VoucherState.ISSUED),
      redeemed: count(VoucherState.REDEEMED),
      expired: count(VoucherState.EXPIRED),
      cancelled: count(VoucherState.CANCELLED),
    };
  });
}

/**
 * Vouchers, aid and care of the programme per union directly under the counted one, in
 * three grouped statements whatever the size of the tree; records made at the counted union
 * itself count under it. Unions with nothing recorded are left out.
 */
export async function uptakeByOrg(ctx: SubgraphContext, uptake: ProgrammeUptake): Promise<OrgUptake[]> {
  const rows = await readCounts(ctx, uptake.programme.id, uptake.orgPath, true);
  const paths = [...new Set([...rows.vouchers, ...rows.awards, ...rows.care].map((r) => r.child))].sort();
  return paths.map((path) => ({ orgId: lastId(path), orgPath: path, ...countsOf(rows, path) }));
}

/**
 * Shares under each child union of `path`, in one grouped statement. A share counts as
 * carved into the child's subtree when its parent share lies outside that subtree; used
 * and spent add up every share in it. Ids are fixed-length ULIDs, so the child union's
 * path is the first `path.length + 27` characters of any path under it.
 */
async function childFigures(ctx: SubgraphContext, programme: ProgrammeRow, path: string): Promise<ChildAllocationFigure[]> {
  const { from, to } = subtreeRange(path);
  const child = childOf('a', path);
  const carvedIn = `${childOf('p', path)} <> ${child}`;
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
    orgId: lastId(r.child),
    allocatedQuota: n(r.quota),
    allocatedBudgetCents: n(r.budget),
    used: n(r.used),
    spentCents: n(r.spent),
    remaining: n(r.quota) - n(r.used),
  }));
}

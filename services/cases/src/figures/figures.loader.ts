import { subtreeRange } from '@lianxin/auth';
import { defineLoader, inScope, requireOrgs, requireScope, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CaseKind, CaseState, CLOCK_RUNNING, SATISFIED_RATINGS as SATISFIED } from '../casefile/case.enums';
import { CaseTallyRow } from './tally.entity';
import type { CaseFigures } from './figures.types';

/** A period of whole China calendar months, as months (for the tally) and as UTC instants (for raised_at). */
export interface Period {
  /** `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  /** First instant of `from` in China time. */
  start: Date;
  /** First instant after `to` in China time (exclusive). */
  end: Date;
}

export interface FiguresKey {
  orgId: string;
  period: Period;
  kind: CaseKind | null;
  /** What "overdue" is measured against; omitted: the moment the batch runs. Tests fix it. */
  now?: Date;
}

/** One grouped tally row: how many cases of the org's subtree sit in a bucket, summed over the period's months. */
export interface TallyCount {
  kind: string;
  state: string;
  supervised: boolean;
  /** 0 not resolved, 1 resolved on time, 2 resolved late. */
  onTime: number;
  /** '' when not rated. */
  rating: string;
  /** 1 when passed up (上报), else 0. */
  passedUp: number;
  /** 1 when referred out (转办外部机构), else 0. */
  referredOut: number;
  n: number;
}

const FIGURE_READERS: readonly string[] = ['staff', 'admin'];
const RESOLVED: readonly string[] = [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];
const TOP_KINDS = 5;

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Figures from the grouped tally rows of one org and the live overdue count (see CaseFigures for each definition). */
export function figuresFrom(orgId: string, period: Period, kind: CaseKind | null, counts: readonly TallyCount[], overdue: number): CaseFigures {
  const byState = new Map<string, number>();
  const byKind = new Map<string, number>();
  let total = 0;
  let onTime = 0;
  let late = 0;
  let rated = 0;
  let satisfied = 0;
  let supervised = 0;
  let passedUp = 0;
  let referredOut = 0;
  for (const c of counts) {
    if (c.n === 0) continue;
    total += c.n;
    byState.set(c.state, (byState.get(c.state) ?? 0) + c.n);
    byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + c.n);
    if (c.onTime === 1) onTime += c.n;
    if (c.onTime === 2) late += c.n;
    if (c.rating !== '') rated += c.n;
    if (SATISFIED.includes(c.rating)) satisfied += c.n;
    if (c.supervised) supervised += c.n;
    if (c.passedUp === 1) passedUp += c.n;
    if (c.referredOut === 1) referredOut += c.n;
  }
  const count = (state: CaseState): number => byState.get(state) ?? 0;
  const resolved = RESOLVED.reduce((sum, s) => sum + (byState.get(s) ?? 0), 0);
  const declined = count(CaseState.DECLINED);
  return {
    orgId,
    from: period.from,
    to: period.to,
    kind,
    total,
    byState: Object.values(CaseState).map((state) => ({ state, count: count(state) })),
    resolved,
    declined,
    resolutionRate: rate(resolved, total - declined),
    closureRate: rate(count(CaseState.CLOSED) + declined, total),
    onTimeRate: rate(onTime, onTime + late),
    rated,
    satisfactionRate: rate(satisfied, rated),
    supervised,
    overdue,
    passedUp,
    referredOut,
    topKinds: [...byKind]
      .filter(([, n]) => n > 0)
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0))
      .slice(0, TOP_KINDS)
      .map(([k, n]) => ({ kind: k as CaseKind, count: n })),
  };
}

const cacheKey = (k: FiguresKey): string => `${k.orgId}|${k.period.from}|${k.period.to}|${k.kind ?? ''}|${k.now?.getTime() ?? ''}`;
/** Keys that can share statements: the same period, kind and clock, for different orgs. */
const groupKey = (k: FiguresKey): string => `${k.period.from}|${k.period.to}|${k.kind ?? ''}|${k.now?.getTime() ?? ''}`;

/**
 * Case figures of many orgs in two statements per (period, kind): one grouped read of the
 * maintained tally, one count of overdue cases. `Org.caseStats` over a page of orgs costs
 * the same as over one. Orgs outside the caller's scope, and callers who are not staff or
 * admin, get null.
 */
export const figuresOf = defineLoader<FiguresKey, CaseFigures | null, string>(
  (ctx) => async (keys) => {
    if (!FIGURE_READERS.includes(ctx.caller.role)) return keys.map(() => null);
    const scope = requireScope(ctx);
    const orgs = await requireOrgs(ctx).orgs(keys.map((k) => k.orgId));
    const groups = new Map<string, { sample: FiguresKey; orgs: Map<string, OrgInfo> }>();
    for (const k of keys) {
      const org = orgs.get(k.orgId);
      // Unknown and out of scope look the same: no figures.
      if (!org || !inScope(scope, { path: org.path })) continue;
      const g = groups.get(groupKey(k)) ?? { sample: k, orgs: new Map<string, OrgInfo>() };
      g.orgs.set(org.id, org);
      groups.set(groupKey(k), g);
    }
    const live = new Date();
    const found = new Map<string, CaseFigures>();
    for (const { sample, orgs: targets } of groups.values()) {
      const { period, kind } = sample;
      const figures = await countFigures(ctx, [...targets.values()], period, kind, sample.now ?? live);
      for (const f of figures) found.set(cacheKey({ orgId: f.orgId, period, kind, now: sample.now }), f);
    }
    return keys.map((k) => found.get(cacheKey(k)) ?? null);
  },
  // Each org adds a range to the overdue statement; keep statements a sensible size.
  { cacheKeyFn: cacheKey, maxBatchSize: 100 },
);

async function countFigures(ctx: SubgraphContext, orgs: OrgInfo[], period: Period, kind: CaseKind | null, now: Date): Promise<CaseFigures[]> {
  // Every case is counted at each ancestor-or-self of the org it was raised at, so an org's
  // subtree is its own tally rows: an index range on (org_id, month) per org.
  const tally = ctx.db.read(CaseTallyRow, 't', { path: 't.orgPath' })
    .select('t.orgId', 'orgId')
    .addSelect('t.kind', 'kind')
    .addSelect('t.state', 'state')
    .addSelect('t.supervised', 'supervised')
    .addSelect('t.onTime', 'onTime')
    .addSelect('t.rating', 'rating')
    .addSelect('t.passedUp', 'passedUp')
    .addSelect('t.referredOut', 'referredOut')
    .addSelect('SUM(t.n)', 'n')
    .andWhere('t.orgId IN (:...orgIds)', { orgIds: orgs.map((o) => o.id) })
    .andWhere('t.month BETWEEN :fromMonth AND :toMonth', { fromMonth: period.from, toMonth: period.to });
  if (kind) tally.andWhere('t.kind = :kind', { kind });
  const rows = await tally
    .groupBy('t.orgId')
    .addGroupBy('t.kind')
    .addGroupBy('t.state')
    .addGroupBy('t.supervised')
    .addGroupBy('t.onTime')
    .addGroupBy('t.rating')
    .addGroupBy('t.passedUp')
    .addGroupBy('t.referredOut')
    .getRawMany<{
      orgId: string; kind: string; state: string; supervised: number | string | boolean; onTime: number | string; rating: string;
      passedUp: number | string; referredOut: number | string; n: number | string;
    }>();

  // Overdue depends on the clock, so it is counted live: clock-running cases past their
  // deadline are few, and ix_case_overdue (state, raised_path, due_at, raised_at, kind) finds and filters them per subtree inside the index.
  const params: Record<string, string> = {};
  const ranges = orgs.map((org, i) => {
    const { from, to } = subtreeRange(org.path);
    Object.assign(params, { [`of${i}`]: from, [`ot${i}`]: to });
    return `c.raisedPath >= :of${i} AND c.raisedPath < :ot${i}`;
  });
  // One row whatever the number of orgs: a sum per org over the union of their subtrees.
  const overdue = ctx.db.read(CaseRow, 'c', { path: 'c.raisedPath' }).select(`SUM(CASE WHEN ${ranges[0]} THEN 1 ELSE 0 END)`, 'o0');
  ranges.slice(1).forEach((range, i) => overdue.addSelect(`SUM(CASE WHEN ${range} THEN 1 ELSE 0 END)`, `o${i + 1}`));
  overdue
    .setParameters(params)
    .andWhere(`(${ranges.map((r) => `(${r})`).join(' OR ')})`)
    .andWhere('c.state IN (:...running)', { running: CLOCK_RUNNING })
    .andWhere('c.dueAt < :now', { now })
    .andWhere('c.raisedAt >= :start AND c.raisedAt < :end', { start: period.start, end: period.end });
  if (kind) overdue.andWhere('c.kind = :kind', { kind });
  const overdueOf = (await overdue.getRawOne<Record<string, number | string | null>>()) ?? {};

  const byOrg = new Map<string, TallyCount[]>(orgs.map((o) => [o.id, []]));
  for (const r of rows) {
    byOrg.get(r.orgId)?.push({
      kind: r.kind,
      state: r.state,
      supervised: Number(r.supervised) === 1 || r.supervised === true,
      onTime: Number(r.onTime),
      rating: r.rating,
      passedUp: Number(r.passedUp),
      referredOut: Number(r.referredOut),
      n: Number(r.n),
    });
  }
  return orgs.map((org, i) => figuresFrom(org.id, period, kind, byOrg.get(org.id)!, Number(overdueOf[`o${i}`] ?? 0)));
}

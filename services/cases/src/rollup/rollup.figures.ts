import { pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, defineLoader, inScope, requireOrgs, requireScope, unscoped, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseKind } from '../casefile/case.enums';
import { figuresFrom, type FiguresKey, type Period, type TallyCount } from '../figures/figures.loader';
import type { CaseFigures } from '../figures/figures.types';
import { RollupClockRow, RollupTallyRow } from './rollup.entity';

const FIGURE_READERS: readonly string[] = ['staff', 'admin'];

const cacheKey = (k: FiguresKey): string => `${k.orgId}|${k.period.from}|${k.period.to}|${k.kind ?? ''}|${k.now?.getTime() ?? ''}`;
const groupKey = (k: FiguresKey): string => `${k.period.from}|${k.period.to}|${k.kind ?? ''}|${k.now?.getTime() ?? ''}`;

/**
 * `caseFigures` and `Org.caseStats` in a province (CASES_ROLE=province): the same figures,
 * by the same function (figuresFrom), from the cities' reported tallies instead of cases.
 * An org counts every city whose path lies in its subtree, so the province gets the sum of
 * its cities and a city its own. Out of scope or unknown: null. An org below the city
 * level is counted only by its city's deployment: a BAD_USER_INPUT saying so.
 */
export const rollupFiguresOf = defineLoader<FiguresKey, CaseFigures | null | Error, string>(
  (ctx) => async (keys) => {
    if (!FIGURE_READERS.includes(ctx.caller.role)) return keys.map(() => null);
    const scope = requireScope(ctx);
    const orgs = await requireOrgs(ctx).orgs(keys.map((k) => k.orgId));
    const groups = new Map<string, { sample: FiguresKey; orgs: Map<string, OrgInfo> }>();
    const visible = keys.map((k) => orgs.get(k.orgId)).filter((o): o is OrgInfo => !!o && inScope(scope, { path: o.path }));
    const refused = await insideCities(ctx, visible);
    for (const k of keys) {
      const org = orgs.get(k.orgId);
      if (!org || !inScope(scope, { path: org.path }) || refused.has(org.id)) continue;
      const g = groups.get(groupKey(k)) ?? { sample: k, orgs: new Map<string, OrgInfo>() };
      g.orgs.set(org.id, org);
      groups.set(groupKey(k), g);
    }
    const live = new Date();
    const found = new Map<string, CaseFigures>();
    for (const { sample, orgs: targets } of groups.values()) {
      const { period, kind } = sample;
      for (const f of await countRolledUp(ctx, [...targets.values()], period, kind, sample.now ?? live)) {
        found.set(cacheKey({ orgId: f.orgId, period, kind, now: sample.now }), f);
      }
    }
    return keys.map((k) =>
      refused.has(k.orgId)
        ? badInput('orgId', 'this is the roll-up of whole cities: it counts a city and the levels above it. Ask the city\'s own deployment for an org inside a city')
        : (found.get(cacheKey(k)) ?? null),
    );
  },
  { cacheKeyFn: cacheKey, maxBatchSize: 100 },
);

/**
 * The orgs (of those given) that lie strictly inside a city this roll-up counts: one read of
 * the cities among their ancestors. Their cases are counted by the city's deployment only.
 */
async function insideCities(ctx: SubgraphContext, orgs: OrgInfo[]): Promise<Set<string>> {
  const ancestors = new Set<string>();
  for (const o of orgs) {
    const ids = pathIds(o.path);
    for (let i = 1; i < ids.length; i++) ancestors.add(`/${ids.slice(0, i).join('/')}/`);
  }
  if (!ancestors.size) return new Set();
  // Unscoped: staff inside a city see their org but not the city's row; what is read is only
  // which ancestors of orgs the caller already sees are cities, never a figure.
  const cities = await unscoped(ctx, 'which ancestors of orgs in the caller\'s scope are cities the roll-up counts')
    .getRepository(RollupTallyRow)
    .createQueryBuilder('t')
    .select('DISTINCT t.cityPath', 'cityPath')
    .where('t.cityPath IN (:...ancestors)', { ancestors: [...ancestors] })
    .getRawMany<{ cityPath: string }>();
  return new Set(orgs.filter((o) => cities.some((c) => o.path.startsWith(c.cityPath) && o.path !== c.cityPath)).map((o) => o.id));
}

async function countRolledUp(ctx: SubgraphContext, orgs: OrgInfo[], period: Period, kind: CaseKind | null, now: Date): Promise<CaseFigures[]> {
  const params: Record<string, string> = {};
  const ranges = orgs.map((org, i) => {
    const { from, to } = subtreeRange(org.path);
    Object.assign(params, { [`of${i}`]: from, [`ot${i}`]: to });
    return (col: string) => `${col} >= :of${i} AND ${col} < :ot${i}`;
  });
  const anyOf = (col: string) => `(${ranges.map((r) => `(${r(col)})`).join(' OR ')})`;

  // Per city, not per org: a handful of cities, a few hundred buckets each; each org then sums the cities in its subtree.
  const tally = ctx.db.read(RollupTallyRow, 't', { path: 't.cityPath' })
    .select('t.cityPath', 'cityPath')
    .addSelect('t.kind', 'kind')
    .addSelect('t.state', 'state')
    .addSelect('t.supervised', 'supervised')
    .addSelect('t.onTime', 'onTime')
    .addSelect('t.rating', 'rating')
    .addSelect('t.passedUp', 'passedUp')
    .addSelect('t.referredOut', 'referredOut')
    .addSelect('SUM(t.n)', 'n')
    .setParameters(params)
    .andWhere(anyOf('t.cityPath'))
    .andWhere('t.month BETWEEN :fromMonth AND :toMonth', { fromMonth: period.from, toMonth: period.to });
  if (kind) tally.andWhere('t.kind = :kind', { kind });
  const rows = await tally
    .groupBy('t.cityPath').addGroupBy('t.kind').addGroupBy('t.state').addGroupBy('t.supervised').addGroupBy('t.onTime')
    .addGroupBy('t.rating').addGroupBy('t.passedUp').addGroupBy('t.referredOut')
    .getRawMany<{ cityPath: string; kind: string; state: string; supervised: number | string | boolean; onTime: number | string; rating: string; passedUp: number | string; referredOut: number | string; n: number | string }>();

  // Overdue, as a city counts it (figures.loader.ts): clock running, past the deadline, raised in the period.
  const overdue = ctx.db.read(RollupClockRow, 'k', { path: 'k.cityPath' }).select(`SUM(CASE WHEN ${ranges[0]('k.cityPath')} THEN 1 ELSE 0 END)`, 'o0');
  ranges.slice(1).forEach((range, i) => overdue.addSelect(`SUM(CASE WHEN ${range('k.cityPath')} THEN 1 ELSE 0 END)`, `o${i + 1}`));
  overdue
    .setParameters(params)
    .andWhere(anyOf('k.cityPath'))
    .andWhere('k.running = :running', { running: 1 })
    .andWhere('k.dueAt < :now', { now })
    .andWhere('k.raisedAt >= :start AND k.raisedAt < :end', { start: period.start, end: period.end });
  if (kind) overdue.andWhere('k.kind = :kind', { kind });
  const overdueOf = (await overdue.getRawOne<Record<string, number | string | null>>()) ?? {};

  return orgs.map((org, i) => {
    const counts: TallyCount[] = rows
      .filter((r) => r.cityPath.startsWith(org.path))
      .map((r) => ({
        kind: r.kind, state: r.state, supervised: Number(r.supervised) === 1 || r.supervised === true, onTime: Number(r.onTime), rating: r.rating,
        passedUp: Number(r.passedUp), referredOut: Number(r.referredOut), n: Number(r.n),
      }));
    return figuresFrom(org.id, period, kind, counts, Number(overdueOf[`o${i}`] ?? 0));
  });
}

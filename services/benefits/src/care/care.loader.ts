import { In, type EntityManager } from 'typeorm';
import { isWithin, pathIds, subtreeRange } from '@lianxin/auth';
import { byKeys, defineLoader, groupByKeys, inScope, requireScope, restrict, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import { CareBatchRow, CareVisitRow } from './care.entity';

/**
 * A batch is run by a union over its subtree: staff see the batches run in their subtree
 * and those run by a union above them (a street records its visits in the district's
 * batch). No member or org-id column: members and partners see no batch at all.
 */
export const CARE_BATCH_SCOPE = { path: 'b.orgPath', inherited: 'b.orgId' } as const;
/**
 * Visits are seen where they were made: a street sees its own visits in the district's
 * batch, never its neighbours'. No member column: a member sees none.
 */
export const CARE_VISIT_SCOPE = { path: 'v.orgPath' } as const;

export const careBatchQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(CareBatchRow, 'b', CARE_BATCH_SCOPE, em);

export const careVisitQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(CareVisitRow, 'v', CARE_VISIT_SCOPE, em);

export const careBatchById = defineLoader<string, CareBatchRow | null>((ctx) => async (ids) => {
  const rows = await careBatchQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export interface VisitsKey {
  batchId: string;
  first: number;
  /** Visits recorded before this one (newest first). */
  after?: string | null;
}

/**
 * The newest visits of each batch on a page, in one statement per (first, after): a
 * window numbers each batch's visits so the limit applies per batch, not to the page.
 */
export const visitsOfBatch = defineLoader<VisitsKey, CareVisitRow[], string>(
  (ctx) => async (keys) => {
    const scope = requireScope(ctx);
    const out = new Map<string, CareVisitRow[]>();
    const groups = new Map<string, VisitsKey[]>();
    for (const k of keys) {
      const g = `${k.first}|${k.after ?? ''}`;
      groups.set(g, [...(groups.get(g) ?? []), k]);
    }
    for (const group of groups.values()) {
      const { first, after } = group[0];
      const batchIds = [...new Set(group.map((k) => k.batchId))];
      const numbered = await unscoped(ctx, 'the windowed subquery applies the scope itself, with restrict()')
        .createQueryBuilder()
        .select('w.id', 'id')
        .from((sub) => {
          const inner = restrict(sub.from(CareVisitRow, 'v'), scope, CARE_VISIT_SCOPE)
            .select('v.id', 'id')
            .addSelect('ROW_NUMBER() OVER (PARTITION BY v.batchId ORDER BY v.id DESC)', 'rn')
            .andWhere('v.batchId IN (:...visitBatchIds)', { visitBatchIds: batchIds });
          return after ? inner.andWhere('v.id < :visitAfter', { visitAfter: after }) : inner;
        }, 'w')
        .where('w.rn <= :visitFirst', { visitFirst: first })
        .getRawMany<{ id: string }>();
      const ids = numbered.map((r) => r.id);
      const rows = ids.length ? await careVisitQuery(ctx).andWhere({ id: In(ids) }).orderBy('v.id', 'DESC').getMany() : [];
      const grouped = groupByKeys(batchIds, rows, (r) => r.batchId);
      batchIds.forEach((id, i) => out.set(`${id}|${first}|${after ?? ''}`, grouped[i]));
    }
    return keys.map((k) => out.get(`${k.batchId}|${k.first}|${k.after ?? ''}`) ?? []);
  },
  { cacheKeyFn: (k) => `${k.batchId}|${k.first}|${k.after ?? ''}` },
);

export interface Spending {
  orgId: string;
  visits: number;
  spentCents: number;
}

interface Anchor {
  batchId: string;
  orgId: string;
  path: string;
}

/**
 * The union a batch's spending is broken down under: the batch's own union when the
 * caller sees it, else the caller's union (staff below the batch's union see only their
 * part). Null: the caller sees no spending of this batch.
 */
function anchorOf(ctx: SubgraphContext, batch: CareBatchRow): Anchor | null {
  const scope = requireScope(ctx);
  if (inScope(scope, { path: batch.orgPath })) return { batchId: batch.id, orgId: batch.orgId, path: batch.orgPath };
  if (scope.kind === 'subtree' && isWithin(scope.path, batch.orgPath)) return { batchId: batch.id, orgId: scope.orgId, path: scope.path };
  return null;
}

/**
 * Spending of a page of batches per child union of each anchor (visits made at the anchor
 * itself count under the anchor), in one grouped statement per anchor depth: ids are
 * fixed-length ULIDs, so the first `len(anchor) + 27` characters of a visit's org path
 * name the child it was made under. The statement is scoped on the visits' own path, so
 * nothing outside the caller's subtree is ever summed.
 */
export const spendingOf = defineLoader<CareBatchRow, Spending[], string>(
  (ctx) => async (batches) => {
    const anchors = batches.map((b) => anchorOf(ctx, b));
    const byDepth = new Map<number, Anchor[]>();
    for (const a of anchors) if (a) byDepth.set(a.path.length, [...(byDepth.get(a.path.length) ?? []), a]);

    const found = new Map<string, Spending[]>();
    for (const [length, round] of byDepth) {
      const params: Record<string, string> = {};
      const pairs = round.map((a, i) => {
        const { from, to } = subtreeRange(a.path);
        Object.assign(params, { [`sb${i}`]: a.batchId, [`sf${i}`]: from, [`st${i}`]: to });
        return `(v.batchId = :sb${i} AND v.orgPath >= :sf${i} AND v.orgPath < :st${i})`;
      });
      // A computed integer, not input: inlined so the select and group-by expressions are the same text.
      const child = `SUBSTR(v.orgPath, 1, ${Number(length) + 27})`;
      const rows = await careVisitQuery(ctx)
        .select('v.batchId', 'batchId')
        .addSelect(child, 'prefix')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(v.costCents)', 'spent')
        .andWhere(`(${pairs.join(' OR ')})`, params)
        .groupBy('v.batchId')
        .addGroupBy(child)
        .getRawMany<{ batchId: string; prefix: string; n: string | number; spent: string | number }>();
      for (const r of rows) {
        const list = found.get(r.batchId) ?? [];
        list.push({ orgId: pathIds(r.prefix).at(-1)!, visits: Number(r.n), spentCents: Number(r.spent) });
        found.set(r.batchId, list);
      }
    }
    return batches.map((b, i) => (anchors[i] ? (found.get(b.id) ?? []).sort((x, y) => y.spentCents - x.spentCents || x.orgId.localeCompare(y.orgId)) : []));
  },
  { cacheKeyFn: (b) => b.id },
);

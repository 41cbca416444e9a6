import { In } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, lean, runRawEntities, type SubgraphContext } from '@lianxin/subgraph';
import { subtreeRange } from '@lianxin/auth';
import { OrgRow } from './org.entity';
import { MemberRow, MembershipStatus } from '../member/member.entity';
import { ORGS_BY_ID } from './org.statements';

/** How org rows relate to a scope: by their own path, and for members by their org's ancestry. */
export const ORG_SCOPE = { path: 'o.path', orgId: 'o.id' } as const;

export const orgQuery = (ctx: SubgraphContext) => ctx.db.read(OrgRow, 'o', ORG_SCOPE);

export const orgById = defineLoader<string, OrgRow | null>((ctx) => async (ids) => {
  const rows = lean.on ? await runRawEntities(ctx, ORGS_BY_ID, OrgRow, [[...ids]]) : await orgQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export const childrenOf = defineLoader<string, OrgRow[]>((ctx) => async (parentIds) => {
  const rows = await orgQuery(ctx).andWhere({ parentId: In([...parentIds]) }).orderBy('o.code').getMany();
  return groupByKeys(parentIds, rows, (r) => r.parentId!);
});

/**
 * Member counts under many orgs in one statement: count per leaf path inside the union
 * of the requested subtrees (index-only on ix_member_status), then sum per subtree here.
 * The member scope still applies, so a count never includes what the caller cannot see.
 */
export const memberCountUnder = defineLoader<{ path: string; status: MembershipStatus | null }, number, string>(
  (ctx) => async (keys) => {
    const qb = ctx.db.read(MemberRow, 'm', { path: 'm.orgPath', member: 'm.id' })
      .select('m.orgPath', 'path')
      .addSelect('m.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.orgPath')
      .addGroupBy('m.status');
    const ranges = [...new Set(keys.map((k) => k.path))].map((p, i) => {
      const { from, to } = subtreeRange(p);
      qb.setParameter(`f${i}`, from).setParameter(`t${i}`, to);
      return `(m.orgPath >= :f${i} AND m.orgPath < :t${i})`;
    });
    qb.andWhere(`(${ranges.join(' OR ')})`);
    const rows = await qb.getRawMany<{ path: string; status: MembershipStatus; n: string | number }>();
    return keys.map((k) =>
      rows
        .filter((r) => r.path.startsWith(k.path) && (k.status === null || r.status === k.status))
        .reduce((sum, r) => sum + Number(r.n), 0),
    );
  },
  { cacheKeyFn: (k) => `${k.path}|${k.status ?? '*'}` },
);

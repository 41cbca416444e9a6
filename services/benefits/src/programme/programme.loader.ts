import { In, type EntityManager } from 'typeorm';
import { pathIds } from '@lianxin/auth';
import { byKeys, defineLoader, groupByKeys, requireOrgs, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from './programme.entity';

/**
 * Programmes are rules handed down the tree: staff see those owned in their subtree and
 * those owned by an ancestor of their org (a district runs the city's cinema programme
 * for its own members); a member sees those owned by their union or one above it, i.e.
 * the programmes covering them (self scope matches the owner among their ancestors). A
 * partner's scope is `none`: partners read programmes only through the partner view.
 */
export const PROGRAMME_SCOPE = { path: 'p.orgPath', orgId: 'p.orgId', inherited: 'p.orgId' } as const;

export const programmeQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(ProgrammeRow, 'p', PROGRAMME_SCOPE, em);

/** A programme the caller can see, or null (not found and out of scope look the same). */
export const programmeById = defineLoader<string, ProgrammeRow | null>((ctx) => async (ids) => {
  const rows = await programmeQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/**
 * Shares are visible where they apply: staff see the shares of their subtree and the chain
 * above them (the share theirs was carved from, up to the root); a member, the chain
 * covering their union (for what is left to claim). Siblings' shares stay hidden.
 */
export const ALLOCATION_SCOPE = { path: 'a.orgPath', orgId: 'a.orgId', inherited: 'a.orgId' } as const;

export const allocationQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(AllocationRow, 'a', ALLOCATION_SCOPE, em);

/** The current rules text of a page of programmes: one statement, read through the programme's scope. */
export const rulesTextOf = defineLoader<string, string | null>((ctx) => async (programmeIds) => {
  const rows = await ctx.db.readThrough(ProgrammeRulesRow, 'r', { entity: ProgrammeRow, alias: 'p', on: 'p.id = r.programmeId AND p.rulesVersion = r.version' }, PROGRAMME_SCOPE).andWhere('r.programmeId IN (:...programmeIds)', { programmeIds: [...programmeIds] }).getMany();
  return byKeys(programmeIds, rows, (r) => r.programmeId).map((r) => r?.rules ?? null);
});

/** Every rules version of a page of programmes, oldest first: one statement, read through the programme's scope. */
export const rulesHistoryOf = defineLoader<string, ProgrammeRulesRow[]>((ctx) => async (programmeIds) => {
  const rows = await ctx.db.readThrough(ProgrammeRulesRow, 'r', { entity: ProgrammeRow, alias: 'p', on: 'p.id = r.programmeId' }, PROGRAMME_SCOPE)
    .andWhere('r.programmeId IN (:...programmeIds)', { programmeIds: [...programmeIds] })
    .orderBy('r.programmeId')
    .addOrderBy('r.version')
    .getMany();
  return groupByKeys(programmeIds, rows, (r) => r.programmeId);
});

/** Shares of a page of programmes the caller may see, in tree order. */
export const allocationsOf = defineLoader<string, AllocationRow[]>((ctx) => async (programmeIds) => {
  const rows = await allocationQuery(ctx)
    .andWhere('a.programmeId IN (:...programmeIds)', { programmeIds: [...programmeIds] })
    .orderBy('a.programmeId')
    .addOrderBy('a.orgPath')
    .getMany();
  return groupByKeys(programmeIds, rows, (r) => r.programmeId);
});

export interface NearestKey {
  programmeId: string;
  /** The union asked about; its deepest covering share is the one a member there claims from. */
  orgPath: string;
}

/** The visible shares covering each (programme, union), deepest first. */
async function coveringShares(ctx: SubgraphContext, keys: readonly NearestKey[]): Promise<AllocationRow[][]> {
  const orgIds = [...new Set(keys.flatMap((k) => pathIds(k.orgPath)))];
  const rows = await allocationQuery(ctx)
    .andWhere('a.programmeId IN (:...programmeIds)', { programmeIds: [...new Set(keys.map((k) => k.programmeId))] })
    .andWhere('a.orgId IN (:...orgIds)', { orgIds })
    .getMany();
  return keys.map((k) => rows.filter((a) => a.programmeId === k.programmeId && k.orgPath.startsWith(a.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length));
}

/** The chain of visible shares covering each (programme, union), deepest first (what a claim there may draw from): one statement for a page. */
export const sharesCoveringOf = defineLoader<NearestKey, AllocationRow[], string>((ctx) => (keys) => coveringShares(ctx, keys), { cacheKeyFn: (k) => `${k.programmeId}|${k.orgPath}` });

/** The deepest visible share covering each (programme, union): one statement for a page. */
export const nearestAllocationOf = defineLoader<NearestKey, AllocationRow | null, string>(
  (ctx) => async (keys) => (await coveringShares(ctx, keys)).map((chain) => chain[0] ?? null),
  { cacheKeyFn: (k) => `${k.programmeId}|${k.orgPath}` },
);

/** Orgs named in arguments across a page (remainingQuota(orgId) on every programme): one directory call. */
export const orgInfoById = defineLoader<string, OrgInfo | null>((ctx) => async (ids) => {
  const found = await requireOrgs(ctx).orgs(ids);
  return ids.map((id) => found.get(id) ?? null);
});

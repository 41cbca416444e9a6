import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, type SubgraphContext } from '@lianxin/subgraph';
import { UnionPostRow } from './post.entity';

/**
 * Staff see the posts run in their subtree (and admins all); a member sees the posts serving
 * them: those run by their own union or one above it. Partners see none.
 */
export const POST_SCOPE = { path: 'p.orgPath', orgId: 'p.orgId' } as const;

export const postQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(UnionPostRow, 'p', POST_SCOPE, em);

export const postById = defineLoader<string, UnionPostRow | null>((ctx) => async (ids) => {
  const rows = await postQuery(ctx).andWhere('p.id IN (:...postIds)', { postIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

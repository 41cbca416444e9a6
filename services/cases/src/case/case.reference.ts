import type { SubgraphContext } from '@lianxin/subgraph';
import { caseById } from '../casefile/case.loader';

/**
 * `_entities` for Case (batched, scoped: out-of-scope ids resolve to null), and for the
 * Member and Org stubs this subgraph adds fields to: those need only their id.
 */
export const caseReferences = {
  Case: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => caseById(ctx).load(ref.id),
  },
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  },
  Org: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  },
};

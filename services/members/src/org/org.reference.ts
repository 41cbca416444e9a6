import type { SubgraphContext } from '@lianxin/subgraph';
import { orgById } from './org.loader';

/** `_entities` for Org: batched and scoped like every other read; out-of-scope ids resolve to null. */
export const orgReference = {
  Org: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => orgById(ctx).load(ref.id),
  },
};

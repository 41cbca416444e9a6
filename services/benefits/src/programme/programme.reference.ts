import type { SubgraphContext } from '@lianxin/subgraph';
import { programmeById } from './programme.loader';

/** `_entities` for Programme: batched and scoped, so an out-of-scope id resolves to null. */
export const programmeReferences = {
  Programme: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => programmeById(ctx).load(ref.id),
  },
};

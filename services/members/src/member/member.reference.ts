import type { SubgraphContext } from '@lianxin/subgraph';
import { memberById } from './member.loader';

/** `_entities` for Member: batched and scoped; out-of-scope ids resolve to null. */
export const memberReference = {
  Member: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => memberById(ctx).load(ref.id),
  },
};

import type { SubgraphContext } from '@lianxin/subgraph';
import { departmentById } from './staff.loader';

/**
 * `_entities` for Department, so other subgraphs refer to a 部室 by id (cases' service menu
 * figures per department): batched and scoped through its org, like Org.departments; a
 * department outside the caller's scope, and any for members and partners, resolves to null.
 */
export const departmentReference = {
  Department: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => departmentById(ctx).load(ref.id),
  },
};

import { Max, Min } from 'class-validator';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';

/**
 * The paging policy, one for every list in the graph: a page holds 1 to `max` items,
 * `default` when the caller does not say. A size outside that is the caller's mistake and
 * is refused at the edge (BAD_USER_INPUT: "first: must be between 1 and 500"), never
 * quietly clamped: bad input gets a clear error, not an answer to another question.
 * Services take `first` as given.
 */
export const PAGE_SIZE = { default: 50, max: 500 } as const;

const PAGE_SIZE_RANGE = `must be between 1 and ${PAGE_SIZE.max}`;

/** `first` as the policy has it, wherever it is declared: 1 to PAGE_SIZE.max, refused with the range otherwise. */
export function PageSize(): PropertyDecorator {
  return (target, property) => {
    Min(1, { message: PAGE_SIZE_RANGE })(target, property);
    Max(PAGE_SIZE.max, { message: PAGE_SIZE_RANGE })(target, property);
  };
}

/**
 * `first` and `after`, the arguments of every list: root queries extend it with their
 * filters, nested lists take it as it is (`@Args(() => PageArgs)`), so every list pages and
 * refuses alike.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: PAGE_SIZE.default,
    description: `Page size, 1-${PAGE_SIZE.max} (default ${PAGE_SIZE.default}); anything else is BAD_USER_INPUT, never clamped`,
  })
  @PageSize()
  first: number;

  @Field(() => String, {
    nullable: true,
    description: 'pageInfo.endCursor of the previous page, unchanged (none for the first page); anything else is BAD_USER_INPUT',
  })
  after?: string | null;
}

/** Where a page ends and whether another follows; the same in every subgraph, hence @shareable. */
@ObjectType({ description: 'Where a page ends, and whether another follows' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'True when more items follow this page; ask for them with `after: endCursor`' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page (opaque); pass it as `after` for the next page. Null when the page is empty' })
  endCursor: string | null;
}

/**
 * `<name>Connection { edges: [<name>Edge!]! pageInfo: PageInfo! }` for a node type: every
 * list in the graph pages the same way, so one definition serves them all.
 */
export function connectionOf<T extends object>(Node: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One item of a ${name}Connection page, with its position` })
  class Edge {
    @Field({ description: 'Opaque position of this item; pass it as `after` to continue the list after it' })
    cursor: string;

    @Field(() => Node, { description: 'The item itself' })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in the order of the list; empty when nothing (more) matches' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether another page follows, and the cursor to ask for it' })
    pageInfo: PageInfo;
  }
  return Connection;
}

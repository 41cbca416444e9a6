import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';

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
